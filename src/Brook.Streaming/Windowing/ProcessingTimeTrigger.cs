namespace Brook.Streaming.Windowing;

/// <summary>Fires when the processing-time clock passes the end of the window.</summary>
public sealed class ProcessingTimeTrigger : Trigger<TimeWindow>
{
    private static readonly ProcessingTimeTrigger Instance = new();

    private ProcessingTimeTrigger()
    {
    }

    public static ProcessingTimeTrigger Create() => Instance;

    public override TriggerResult OnElement<T>(T element, long timestamp, TimeWindow window, ITriggerContext context)
    {
        context.RegisterProcessingTimeTimer(window.MaxTimestamp);
        return TriggerResult.Continue;
    }

    public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Continue;

    public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Fire;

    public override bool CanMerge => true;

    public override void OnMerge(TimeWindow window, IOnMergeContext context)
    {
        if (window.MaxTimestamp > context.CurrentProcessingTime) context.RegisterProcessingTimeTimer(window.MaxTimestamp);
    }

    public override void Clear(TimeWindow window, ITriggerContext context) => context.DeleteProcessingTimeTimer(window.MaxTimestamp);

    public override string ToString() => "ProcessingTimeTrigger()";
}
