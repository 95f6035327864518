namespace Brook.Streaming.Windowing;

/// <summary>Fires once the watermark passes the end of the window (and at once for late elements within the allowed lateness).</summary>
public sealed class EventTimeTrigger : Trigger<TimeWindow>
{
    private static readonly EventTimeTrigger Instance = new();

    private EventTimeTrigger()
    {
    }

    public static EventTimeTrigger Create() => Instance;

    public override TriggerResult OnElement<T>(T element, long timestamp, TimeWindow window, ITriggerContext context)
    {
        if (window.MaxTimestamp <= context.CurrentWatermark) return TriggerResult.Fire;
        context.RegisterEventTimeTimer(window.MaxTimestamp);
        return TriggerResult.Continue;
    }

    public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) =>
        time == window.MaxTimestamp ? TriggerResult.Fire : TriggerResult.Continue;

    public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Continue;

    public override bool CanMerge => true;

    public override void OnMerge(TimeWindow window, IOnMergeContext context)
    {
        // A merged window whose end the watermark already passed has fired through its parts; a timer now would fire it again at once.
        if (window.MaxTimestamp > context.CurrentWatermark) context.RegisterEventTimeTimer(window.MaxTimestamp);
    }

    public override void Clear(TimeWindow window, ITriggerContext context) => context.DeleteEventTimeTimer(window.MaxTimestamp);

    public override string ToString() => "EventTimeTrigger()";
}
