namespace Brook.Streaming.Windowing;

/// <summary>Keeps the elements within <c>windowSize</c> of the newest element's timestamp.</summary>
public sealed class TimeEvictor : IEvictor<Window>
{
    private readonly long _windowSize;
    private readonly bool _doEvictAfter;

    private TimeEvictor(long windowSize, bool doEvictAfter)
    {
        if (windowSize < 0) throw new ArgumentOutOfRangeException(nameof(windowSize), windowSize, "The window size must not be negative.");
        _windowSize = windowSize;
        _doEvictAfter = doEvictAfter;
    }

    public static TimeEvictor Of(TimeSpan windowSize, bool doEvictAfter = false) => new((long)windowSize.TotalMilliseconds, doEvictAfter);

    public void EvictBefore<T>(IList<TimestampedValue<T>> elements, int size, Window window, IEvictorContext context)
    {
        if (!_doEvictAfter) Evict(elements);
    }

    public void EvictAfter<T>(IList<TimestampedValue<T>> elements, int size, Window window, IEvictorContext context)
    {
        if (_doEvictAfter) Evict(elements);
    }

    private void Evict<T>(IList<TimestampedValue<T>> elements)
    {
        if (elements.Count == 0 || !elements[0].HasTimestamp) return;
        var newest = elements.Max(e => e.Timestamp);
        var cutoff = newest - _windowSize;
        for (var i = elements.Count - 1; i >= 0; i--)
            if (elements[i].Timestamp <= cutoff) elements.RemoveAt(i);
    }
}
