namespace Brook.Streaming.Windowing;

/// <summary>Sessions by processing time: a session ends after <c>gap</c> without elements arriving.</summary>
public sealed class ProcessingTimeSessionWindows : MergingWindowAssigner<TimeWindow>
{
    private readonly long _gap;

    private ProcessingTimeSessionWindows(long gap)
    {
        if (gap <= 0) throw new ArgumentOutOfRangeException(nameof(gap), gap, "The session gap must be at least 1 ms.");
        _gap = gap;
    }

    public static ProcessingTimeSessionWindows WithGap(TimeSpan gap) => new(WindowArguments.Millis(gap));

    public override IReadOnlyCollection<TimeWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context)
    {
        var now = context.CurrentProcessingTime;
        return [new TimeWindow(now, now + _gap)];
    }

    public override void MergeWindows(IReadOnlyCollection<TimeWindow> windows, IMergeCallback<TimeWindow> callback) =>
        TimeWindow.MergeWindows(windows, callback);

    public override Trigger<TimeWindow> GetDefaultTrigger() => ProcessingTimeTrigger.Create();

    public override bool IsEventTime => false;

    public override string ToString() => $"ProcessingTimeSessionWindows({_gap})";
}
