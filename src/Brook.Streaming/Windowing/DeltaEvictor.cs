namespace Brook.Streaming.Windowing;

/// <summary>Removes the elements whose delta to the last element is at least the threshold.</summary>
public sealed class DeltaEvictor<TData> : IEvictor<Window>
{
    private readonly double _threshold;
    private readonly Func<TData, TData, double> _delta;
    private readonly bool _doEvictAfter;

    private DeltaEvictor(double threshold, Func<TData, TData, double> delta, bool doEvictAfter)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _threshold = threshold;
        _delta = delta;
        _doEvictAfter = doEvictAfter;
    }

    public static DeltaEvictor<TData> Of(double threshold, Func<TData, TData, double> delta, bool doEvictAfter = false) => new(threshold, delta, doEvictAfter);

    public void EvictBefore<T>(IList<TimestampedValue<T>> elements, int size, Window window, IEvictorContext context)
    {
        if (!_doEvictAfter) Evict(elements);
    }

    public void EvictAfter<T>(IList<TimestampedValue<T>> elements, int size, Window window, IEvictorContext context)
    {
        if (_doEvictAfter) Evict(elements);
    }

    private void Evict<T>(IList<TimestampedValue<T>> list)
    {
        if (list is not IList<TimestampedValue<TData>> elements)
            throw new InvalidOperationException($"DeltaEvictor<{typeof(TData).Name}> cannot evict elements of type {typeof(T).Name}.");
        if (elements.Count == 0) return;
        var last = elements[^1].Value;
        for (var i = elements.Count - 1; i >= 0; i--)
            if (_delta(elements[i].Value, last) >= _threshold) elements.RemoveAt(i);
    }
}
