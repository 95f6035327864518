namespace Brook.Streaming.Windowing;

/// <summary>Windows of a fixed size that start every <c>slide</c>; an element belongs to size/slide windows.</summary>
public sealed class SlidingEventTimeWindows : WindowAssigner<TimeWindow>, IPanedTimeWindowAssigner
{
    private readonly long _size;
    private readonly long _slide;
    private readonly long _offset;

    private SlidingEventTimeWindows(long size, long slide, long offset)
    {
        WindowArguments.CheckSizeSlideAndOffset(size, slide, offset);
        _size = size;
        _slide = slide;
        _offset = offset;
    }

    public static SlidingEventTimeWindows Of(TimeSpan size, TimeSpan slide, TimeSpan offset = default) =>
        new(WindowArguments.Millis(size), WindowArguments.Millis(slide), WindowArguments.Millis(offset));

    public override IReadOnlyCollection<TimeWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context)
    {
        if (timestamp == long.MinValue)
            throw new InvalidOperationException("Record has no timestamp. Is the time characteristic event time, and did you assign timestamps (AssignTimestampsAndWatermarks)?");
        return WindowArguments.SlidingWindows(timestamp, _size, _slide, _offset);
    }

    // With a size that is a multiple of the slide, the timestamps of one slide belong to the same windows.
    long IPanedTimeWindowAssigner.PaneSize => _size % _slide == 0 ? _slide : 0;

    long IPanedTimeWindowAssigner.PaneStart(long timestamp) => TimeWindow.GetWindowStartWithOffset(timestamp, _offset, _slide);

    public override Trigger<TimeWindow> GetDefaultTrigger() => EventTimeTrigger.Create();

    public override bool IsEventTime => true;

    public override string ToString() => $"SlidingEventTimeWindows({_size}, {_slide})";
}
