namespace Brook.Streaming.Windowing;

/// <summary>Turns every Fire of the wrapped trigger into FireAndPurge, so each evaluation sees only new elements.</summary>
public sealed class PurgingTrigger<TWindow> : Trigger<TWindow> where TWindow : Window
{
    private readonly Trigger<TWindow> _nested;

    private PurgingTrigger(Trigger<TWindow> nested) => _nested = nested;

    internal static PurgingTrigger<TWindow> Create(Trigger<TWindow> nested)
    {
        ArgumentNullException.ThrowIfNull(nested);
        return new PurgingTrigger<TWindow>(nested);
    }

    public override TriggerResult OnElement<T>(T element, long timestamp, TWindow window, ITriggerContext context) =>
        Purging(_nested.OnElement(element, timestamp, window, context));

    public override TriggerResult OnEventTime(long time, TWindow window, ITriggerContext context) =>
        Purging(_nested.OnEventTime(time, window, context));

    public override TriggerResult OnProcessingTime(long time, TWindow window, ITriggerContext context) =>
        Purging(_nested.OnProcessingTime(time, window, context));

    public override bool CanMerge => _nested.CanMerge;

    public override void OnMerge(TWindow window, IOnMergeContext context) => _nested.OnMerge(window, context);

    public override void Clear(TWindow window, ITriggerContext context) => _nested.Clear(window, context);

    public override string ToString() => $"PurgingTrigger({_nested})";

    private static TriggerResult Purging(TriggerResult result) => result.IsFire() ? TriggerResult.FireAndPurge : result;
}

/// <summary>Creates purging triggers: <c>PurgingTrigger.Of(CountTrigger.Of(100))</c>.</summary>
public static class PurgingTrigger
{
    public static PurgingTrigger<TWindow> Of<TWindow>(Trigger<TWindow> nested) where TWindow : Window => PurgingTrigger<TWindow>.Create(nested);
}
