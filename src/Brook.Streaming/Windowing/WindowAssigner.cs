namespace Brook.Streaming.Windowing;

/// <summary>Assigns each element to zero or more windows, and names the trigger used when none is set.</summary>
public abstract class WindowAssigner<TWindow> where TWindow : Window
{
    /// <summary>The windows <paramref name="element"/> belongs to.</summary>
    /// <param name="element">The element.</param>
    /// <param name="timestamp">The element's event timestamp, or long.MinValue when it has none.</param>
    /// <param name="context">The current processing time.</param>
    public abstract IReadOnlyCollection<TWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context);

    public abstract Trigger<TWindow> GetDefaultTrigger();

    /// <summary>True when windows are in event time (timestamps required, lateness applies).</summary>
    public abstract bool IsEventTime { get; }
}

/// <summary>An assigner whose windows can merge (sessions): after assignment, overlapping windows are merged.</summary>
public abstract class MergingWindowAssigner<TWindow> : WindowAssigner<TWindow> where TWindow : Window
{
    public abstract void MergeWindows(IReadOnlyCollection<TWindow> windows, IMergeCallback<TWindow> callback);
}
