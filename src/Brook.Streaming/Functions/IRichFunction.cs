namespace Brook.Streaming.Functions;

/// <summary>
/// A function with a lifecycle and a runtime context (Flink's RichFunction). Each subtask gets its own
/// shallow copy (MemberwiseClone) of a rich function object, sinks included, so value fields (counters, flags)
/// are per subtask as in Flink, where each subtask deserializes its own copy. Unlike Flink, objects a field
/// refers to (lists, dictionaries, clients) are not copied: every subtask's copy shares the one instance the
/// program created. Create mutable per-subtask objects in <see cref="Open"/>, or make shared ones thread-safe.
/// </summary>
public interface IRichFunction : IFunction
{
    IRuntimeContext RuntimeContext { get; set; }

    void Open();

    void Close();
}
