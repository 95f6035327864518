namespace Brook.Streaming.Windowing;

/// <summary>Keeps at most <c>maxCount</c> elements: the most recently added ones.</summary>
public sealed class CountEvictor<T, TWindow> : IEvictor<T, TWindow> where TWindow : Window
{
    private readonly long _maxCount;
    private readonly bool _doEvictAfter;

    private CountEvictor(long maxCount, bool doEvictAfter)
    {
        if (maxCount < 0) throw new ArgumentOutOfRangeException(nameof(maxCount), maxCount, "The count must not be negative.");
        _maxCount = maxCount;
        _doEvictAfter = doEvictAfter;
    }

    public static CountEvictor<T, TWindow> Of(long maxCount, bool doEvictAfter = false) => new(maxCount, doEvictAfter);

    public void EvictBefore(IList<TimestampedValue<T>> elements, int size, TWindow window, IEvictorContext context)
    {
        if (!_doEvictAfter) Evict(elements);
    }

    public void EvictAfter(IList<TimestampedValue<T>> elements, int size, TWindow window, IEvictorContext context)
    {
        if (_doEvictAfter) Evict(elements);
    }

    private void Evict(IList<TimestampedValue<T>> elements)
    {
        var toRemove = elements.Count - _maxCount;
        for (var i = 0; i < toRemove; i++) elements.RemoveAt(0);
    }
}
