using Brook.Streaming.State;

namespace Brook.Streaming.Windowing;

/// <summary>Fires every time the window has received <c>maxCount</c> more elements (any window type).</summary>
public sealed class CountTrigger : Trigger<Window>
{
    private readonly long _maxCount;
    private readonly ReducingStateDescriptor<long> _countDescriptor = new("count", (a, b) => a + b);

    private CountTrigger(long maxCount)
    {
        if (maxCount <= 0) throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "The count must be at least 1.");
        _maxCount = maxCount;
    }

    public static CountTrigger Of(long maxCount) => new(maxCount);

    public override TriggerResult OnElement<T>(T element, long timestamp, Window window, ITriggerContext context)
    {
        var count = context.GetReducingState(_countDescriptor);
        count.Add(1);
        if (count.Get() < _maxCount) return TriggerResult.Continue;
        count.Clear();
        return TriggerResult.Fire;
    }

    public override TriggerResult OnEventTime(long time, Window window, ITriggerContext context) => TriggerResult.Continue;

    public override TriggerResult OnProcessingTime(long time, Window window, ITriggerContext context) => TriggerResult.Continue;

    public override bool CanMerge => true;

    public override void OnMerge(Window window, IOnMergeContext context) => context.MergePartitionedState(_countDescriptor);

    public override void Clear(Window window, ITriggerContext context) => context.GetReducingState(_countDescriptor).Clear();

    public override string ToString() => $"CountTrigger({_maxCount})";
}
