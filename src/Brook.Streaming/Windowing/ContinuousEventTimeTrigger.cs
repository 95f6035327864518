using Brook.Streaming.State;

namespace Brook.Streaming.Windowing;

/// <summary>Fires every <c>interval</c> of event time while the window is open, and at its end.</summary>
public sealed class ContinuousEventTimeTrigger : Trigger<Window>
{
    private readonly long _interval;
    private readonly ReducingStateDescriptor<long> _fireTimeDescriptor = new("fire-time", Math.Min);

    private ContinuousEventTimeTrigger(long interval)
    {
        if (interval <= 0) throw new ArgumentOutOfRangeException(nameof(interval), interval, "The interval must be at least 1 ms.");
        _interval = interval;
    }

    public static ContinuousEventTimeTrigger Of(TimeSpan interval) => new((long)interval.TotalMilliseconds);

    public override TriggerResult OnElement<T>(T element, long timestamp, Window window, ITriggerContext context)
    {
        if (window.MaxTimestamp <= context.CurrentWatermark) return TriggerResult.Fire;
        context.RegisterEventTimeTimer(window.MaxTimestamp);
        var fireTime = context.GetReducingState(_fireTimeDescriptor);
        if (!fireTime.TryGet(out _)) RegisterNextFireTimestamp(timestamp - timestamp % _interval, window, context, fireTime);
        return TriggerResult.Continue;
    }

    public override TriggerResult OnEventTime(long time, Window window, ITriggerContext context)
    {
        if (time == window.MaxTimestamp) return TriggerResult.Fire;
        var fireTime = context.GetReducingState(_fireTimeDescriptor);
        if (fireTime.TryGet(out var next) && next == time)
        {
            fireTime.Clear();
            RegisterNextFireTimestamp(time, window, context, fireTime);
            return TriggerResult.Fire;
        }
        return TriggerResult.Continue;
    }

    public override TriggerResult OnProcessingTime(long time, Window window, ITriggerContext context) => TriggerResult.Continue;

    public override bool CanMerge => true;

    public override void OnMerge(Window window, IOnMergeContext context)
    {
        context.MergePartitionedState(_fireTimeDescriptor);
        if (context.GetReducingState(_fireTimeDescriptor).TryGet(out var next)) context.RegisterEventTimeTimer(next);
    }

    public override void Clear(Window window, ITriggerContext context)
    {
        var fireTime = context.GetReducingState(_fireTimeDescriptor);
        if (fireTime.TryGet(out var next)) context.DeleteEventTimeTimer(next);
        fireTime.Clear();
    }

    public override string ToString() => $"ContinuousEventTimeTrigger({_interval})";

    private void RegisterNextFireTimestamp(long time, Window window, ITriggerContext context, IReducingState<long> fireTime)
    {
        var next = Math.Min(time + _interval, window.MaxTimestamp);
        fireTime.Add(next);
        context.RegisterEventTimeTimer(next);
    }
}
