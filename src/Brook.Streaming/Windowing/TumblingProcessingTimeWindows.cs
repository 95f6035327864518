namespace Brook.Streaming.Windowing;

/// <summary>Fixed-size, non-overlapping windows by the time an element is processed.</summary>
public sealed class TumblingProcessingTimeWindows : WindowAssigner<TimeWindow>
{
    private readonly long _size;
    private readonly long _offset;
    private readonly TumblingWindowCache _windows;

    private TumblingProcessingTimeWindows(long size, long offset)
    {
        WindowArguments.CheckSizeAndOffset(size, offset);
        _size = size;
        _offset = offset;
        _windows = new TumblingWindowCache(size);
    }

    public static TumblingProcessingTimeWindows Of(TimeSpan size, TimeSpan offset = default) =>
        new(WindowArguments.Millis(size), WindowArguments.Millis(offset));

    public override IReadOnlyCollection<TimeWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context)
    {
        var now = context.CurrentProcessingTime;
        var start = TimeWindow.GetWindowStartWithOffset(now, _offset, _size);
        return _windows.WindowStartingAt(start);
    }

    public override Trigger<TimeWindow> GetDefaultTrigger() => ProcessingTimeTrigger.Create();

    public override bool IsEventTime => false;

    public override string ToString() => $"TumblingProcessingTimeWindows({_size})";
}
