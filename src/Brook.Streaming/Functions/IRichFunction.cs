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

/// <summary>Convenience base for rich functions.</summary>
public abstract class RichFunction : IRichFunction
{
    private IRuntimeContext? _context;

    public IRuntimeContext RuntimeContext
    {
        get => _context ?? throw new InvalidOperationException("The runtime context is available once the function is opened.");
        set => _context = value;
    }

    public virtual void Open()
    {
    }

    public virtual void Close()
    {
    }
}
