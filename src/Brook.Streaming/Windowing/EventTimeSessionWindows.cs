namespace Brook.Streaming.Windowing;

/// <summary>
/// Sessions in event time: each element opens a window [t, t + gap); windows that overlap or touch merge,
/// so a session ends after <c>gap</c> without elements.
/// </summary>
public sealed class EventTimeSessionWindows : MergingWindowAssigner<TimeWindow>
{
    private readonly long _gap;

    private EventTimeSessionWindows(long gap)
    {
        if (gap <= 0) throw new ArgumentOutOfRangeException(nameof(gap), gap, "The session gap must be at least 1 ms.");
        _gap = gap;
    }

    public static EventTimeSessionWindows WithGap(TimeSpan gap) => new(WindowArguments.Millis(gap));

    public override IReadOnlyCollection<TimeWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context)
    {
        if (timestamp == long.MinValue)
            throw new InvalidOperationException("Record has no timestamp. Is the time characteristic event time, and did you assign timestamps (AssignTimestampsAndWatermarks)?");
        return [new TimeWindow(timestamp, timestamp + _gap)];
    }

    public override void MergeWindows(IReadOnlyCollection<TimeWindow> windows, IMergeCallback<TimeWindow> callback) =>
        TimeWindow.MergeWindows(windows, callback);

    public override Trigger<TimeWindow> GetDefaultTrigger() => EventTimeTrigger.Create();

    public override bool IsEventTime => true;

    public override string ToString() => $"EventTimeSessionWindows({_gap})";
}
