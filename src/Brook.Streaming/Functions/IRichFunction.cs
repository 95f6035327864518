namespace Brook.Streaming.Functions;

/// <summary>
/// A function with a lifecycle and a runtime context (Flink's RichFunction). Each subtask gets its own
/// shallow copy of a rich function object, so instance fields are per subtask as in Flink, where each
/// subtask deserializes its own copy.
/// </summary>
public interface IRichFunction : IFunction
{
    IRuntimeContext RuntimeContext { get; set; }

    void Open();

    void Close();
}
