namespace Brook.Streaming.Windowing;

/// <summary>Uses a trigger written for any window (count, continuous, purging of those) on windows of a specific type.</summary>
internal sealed class WindowAgnosticTrigger<TWindow>(Trigger<Window> inner) : Trigger<TWindow> where TWindow : Window
{
    public override TriggerResult OnElement<T>(T element, long timestamp, TWindow window, ITriggerContext context) => inner.OnElement(element, timestamp, window, context);

    public override TriggerResult OnProcessingTime(long time, TWindow window, ITriggerContext context) => inner.OnProcessingTime(time, window, context);

    public override TriggerResult OnEventTime(long time, TWindow window, ITriggerContext context) => inner.OnEventTime(time, window, context);

    public override bool CanMerge => inner.CanMerge;

    public override void OnMerge(TWindow window, IOnMergeContext context) => inner.OnMerge(window, context);

    public override void Clear(TWindow window, ITriggerContext context) => inner.Clear(window, context);

    public override string ToString() => inner.ToString() ?? "";
}
