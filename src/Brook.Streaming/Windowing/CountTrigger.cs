using Brook.Streaming.State;

namespace Brook.Streaming.Windowing;

/// <summary>Fires every time the window has received <c>maxCount</c> more elements.</summary>
public sealed class CountTrigger<T, TWindow> : Trigger<T, TWindow> where TWindow : Window
{
    private readonly long _maxCount;
    private readonly ReducingStateDescriptor<long> _countDescriptor = new("count", (a, b) => a + b);

    private CountTrigger(long maxCount)
    {
        if (maxCount <= 0) throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "The count must be at least 1.");
        _maxCount = maxCount;
    }

    public static CountTrigger<T, TWindow> Of(long maxCount) => new(maxCount);

    public override TriggerResult OnElement(T element, long timestamp, TWindow window, ITriggerContext context)
    {
        var count = context.GetReducingState(_countDescriptor);
        count.Add(1);
        if (count.Get() < _maxCount) return TriggerResult.Continue;
        count.Clear();
        return TriggerResult.Fire;
    }

    public override TriggerResult OnEventTime(long time, TWindow window, ITriggerContext context) => TriggerResult.Continue;

    public override TriggerResult OnProcessingTime(long time, TWindow window, ITriggerContext context) => TriggerResult.Continue;

    public override bool CanMerge => true;

    public override void OnMerge(TWindow window, IOnMergeContext context) => context.MergePartitionedState(_countDescriptor);

    public override void Clear(TWindow window, ITriggerContext context) => context.GetReducingState(_countDescriptor).Clear();

    public override string ToString() => $"CountTrigger({_maxCount})";
}
