namespace Brook.Streaming.Windowing;

/// <summary>Fixed-size, non-overlapping event-time windows, aligned to the epoch plus an optional offset.</summary>
public sealed class TumblingEventTimeWindows : WindowAssigner<TimeWindow>, ISingleTimeWindowAssigner, IPanedTimeWindowAssigner
{
    private readonly long _size;
    private readonly long _offset;

    private TumblingEventTimeWindows(long size, long offset)
    {
        WindowArguments.CheckSizeAndOffset(size, offset);
        _size = size;
        _offset = offset;
    }

    public static TumblingEventTimeWindows Of(TimeSpan size, TimeSpan offset = default) =>
        new(WindowArguments.Millis(size), WindowArguments.Millis(offset));

    public override IReadOnlyCollection<TimeWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context)
    {
        var start = ((ISingleTimeWindowAssigner)this).WindowStart(timestamp, context);
        return [new TimeWindow(start, start + _size)];
    }

    long ISingleTimeWindowAssigner.Size => _size;

    long ISingleTimeWindowAssigner.WindowStart(long timestamp, IWindowAssignerContext context)
    {
        if (timestamp == long.MinValue)
            throw new InvalidOperationException("Record has no timestamp. Is the time characteristic event time, and did you assign timestamps (AssignTimestampsAndWatermarks)?");
        return TimeWindow.GetWindowStartWithOffset(timestamp, _offset, _size);
    }

    long IPanedTimeWindowAssigner.PaneSize => _size;

    long IPanedTimeWindowAssigner.PaneStart(long timestamp) => TimeWindow.GetWindowStartWithOffset(timestamp, _offset, _size);

    public override Trigger<TimeWindow> GetDefaultTrigger() => EventTimeTrigger.Create();

    public override bool IsEventTime => true;

    public override string ToString() => $"TumblingEventTimeWindows({_size})";
}
