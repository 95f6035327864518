namespace Brook.Streaming.Windowing;

/// <summary>Argument checks and window arithmetic shared by the time-window assigners.</summary>
internal static class WindowArguments
{
    public static long Millis(TimeSpan span) => (long)span.TotalMilliseconds;

    public static void CheckSizeAndOffset(long size, long offset)
    {
        if (size <= 0) throw new ArgumentOutOfRangeException(nameof(size), size, "The window size must be at least 1 ms.");
        if (Math.Abs(offset) >= size) throw new ArgumentOutOfRangeException(nameof(offset), offset, "The window offset must be smaller than the window size.");
    }

    public static void CheckSizeSlideAndOffset(long size, long slide, long offset)
    {
        CheckSizeAndOffset(size, 0);
        if (slide <= 0) throw new ArgumentOutOfRangeException(nameof(slide), slide, "The window slide must be at least 1 ms.");
        if (Math.Abs(offset) >= slide) throw new ArgumentOutOfRangeException(nameof(offset), offset, "The window offset must be smaller than the slide.");
    }

    public static IReadOnlyCollection<TimeWindow> SlidingWindows(long timestamp, long size, long slide, long offset)
    {
        var windows = new List<TimeWindow>((int)(size / slide) + 1);
        var lastStart = TimeWindow.GetWindowStartWithOffset(timestamp, offset, slide);
        for (var start = lastStart; start > timestamp - size; start -= slide)
            windows.Add(new TimeWindow(start, start + size));
        return windows;
    }
}
