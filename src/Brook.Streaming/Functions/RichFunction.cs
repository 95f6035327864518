namespace Brook.Streaming.Functions;

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
