namespace Brook.Streaming.Windowing;

/// <summary>A finite group of elements. Windows are compared by value; they are also the namespace of window state.</summary>
public abstract class Window
{
    /// <summary>The largest timestamp that still belongs to the window; its end-of-window timer fires at this time.</summary>
    public abstract long MaxTimestamp { get; }
}
