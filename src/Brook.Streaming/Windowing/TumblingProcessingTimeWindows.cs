namespace Brook.Streaming.Windowing;

/// <summary>Fixed-size, non-overlapping windows by the time an element is processed.</summary>
public sealed class TumblingProcessingTimeWindows : WindowAssigner<TimeWindow>, ISingleTimeWindowAssigner
{
    private readonly long _size;
    private readonly long _offset;

    private TumblingProcessingTimeWindows(long size, long offset)
    {
        WindowArguments.CheckSizeAndOffset(size, offset);
        _size = size;
        _offset = offset;
    }

    public static TumblingProcessingTimeWindows Of(TimeSpan size, TimeSpan offset = default) =>
        new(WindowArguments.Millis(size), WindowArguments.Millis(offset));

    public override IReadOnlyCollection<TimeWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context)
    {
        var start = ((ISingleTimeWindowAssigner)this).WindowStart(timestamp, context);
        return [new TimeWindow(start, start + _size)];
    }

    long ISingleTimeWindowAssigner.Size => _size;

    long ISingleTimeWindowAssigner.WindowStart(long timestamp, IWindowAssignerContext context) =>
        TimeWindow.GetWindowStartWithOffset(context.CurrentProcessingTime, _offset, _size);

    public override Trigger<TimeWindow> GetDefaultTrigger() => ProcessingTimeTrigger.Create();

    public override bool IsEventTime => false;

    public override string ToString() => $"TumblingProcessingTimeWindows({_size})";
}
