namespace Brook.Streaming.Windowing;

/// <summary>
/// Decides when a window is evaluated and when it is purged. A trigger keeps its state in the context,
/// never in fields. Element-independent triggers work for any element type; a custom trigger can look at
/// its elements with a type test (<c>element is MyEvent e</c>).
/// </summary>
public abstract class Trigger<TWindow> where TWindow : Window
{
    public abstract TriggerResult OnElement<T>(T element, long timestamp, TWindow window, ITriggerContext context);

    public abstract TriggerResult OnProcessingTime(long time, TWindow window, ITriggerContext context);

    public abstract TriggerResult OnEventTime(long time, TWindow window, ITriggerContext context);

    /// <summary>True when the trigger can be used with merging (session) windows.</summary>
    public virtual bool CanMerge => false;

    /// <summary>Called when windows merged into <paramref name="window"/>; re-registers timers and merges state.</summary>
    public virtual void OnMerge(TWindow window, IOnMergeContext context) =>
        throw new NotSupportedException($"{GetType().Name} does not support merging windows.");

    /// <summary>Removes the trigger's timers and state for the window when it is purged for good.</summary>
    public abstract void Clear(TWindow window, ITriggerContext context);
}
