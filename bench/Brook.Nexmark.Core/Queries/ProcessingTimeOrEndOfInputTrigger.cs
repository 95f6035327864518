using Brook.Streaming.Windowing;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Fires a processing-time window at its end, and also when the input ends (the final watermark): on a bounded
/// stream the last windows would otherwise be dropped with their counts, while Flink's SQL emits them on close.
/// </summary>
public sealed class ProcessingTimeOrEndOfInputTrigger : Trigger<TimeWindow>
{
    public override TriggerResult OnElement<T>(T element, long timestamp, TimeWindow window, ITriggerContext context)
    {
        context.RegisterProcessingTimeTimer(window.MaxTimestamp);
        context.RegisterEventTimeTimer(long.MaxValue);
        return TriggerResult.Continue;
    }

    public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) =>
        time == long.MaxValue ? TriggerResult.FireAndPurge : TriggerResult.Continue;

    public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.FireAndPurge;

    public override void Clear(TimeWindow window, ITriggerContext context)
    {
        context.DeleteProcessingTimeTimer(window.MaxTimestamp);
        context.DeleteEventTimeTimer(long.MaxValue);
    }
}
