namespace Brook.Streaming.Windowing;

/// <summary>Sliding windows by the time an element is processed.</summary>
public sealed class SlidingProcessingTimeWindows : WindowAssigner<TimeWindow>
{
    private readonly long _size;
    private readonly long _slide;
    private readonly long _offset;

    private SlidingProcessingTimeWindows(long size, long slide, long offset)
    {
        WindowArguments.CheckSizeSlideAndOffset(size, slide, offset);
        _size = size;
        _slide = slide;
        _offset = offset;
    }

    public static SlidingProcessingTimeWindows Of(TimeSpan size, TimeSpan slide, TimeSpan offset = default) =>
        new(WindowArguments.Millis(size), WindowArguments.Millis(slide), WindowArguments.Millis(offset));

    public override IReadOnlyCollection<TimeWindow> AssignWindows<T>(T element, long timestamp, IWindowAssignerContext context) =>
        WindowArguments.SlidingWindows(context.CurrentProcessingTime, _size, _slide, _offset);

    public override Trigger<TimeWindow> GetDefaultTrigger() => ProcessingTimeTrigger.Create();

    public override bool IsEventTime => false;

    public override string ToString() => $"SlidingProcessingTimeWindows({_size}, {_slide})";
}
