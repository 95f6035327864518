namespace Brook.Streaming.Windowing;

/// <summary>Keeps at most <c>maxCount</c> elements: the most recently added ones.</summary>
public sealed class CountEvictor : IEvictor<Window>
{
    private readonly long _maxCount;
    private readonly bool _doEvictAfter;

    private CountEvictor(long maxCount, bool doEvictAfter)
    {
        if (maxCount < 0) throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "The count must not be negative.");
        _maxCount = maxCount;
        _doEvictAfter = doEvictAfter;
    }

    public static CountEvictor Of(long maxCount, bool doEvictAfter = false) => new(maxCount, doEvictAfter);

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
        var toRemove = elements.Count - _maxCount;
        for (var i = 0; i < toRemove; i++) elements.RemoveAt(0);
    }
}
