namespace Brook.Streaming.Windowing;

/// <summary>Removes the elements whose delta to the last element is at least the threshold.</summary>
public sealed class DeltaEvictor<T, TWindow> : IEvictor<T, TWindow> where TWindow : Window
{
    private readonly double _threshold;
    private readonly Func<T, T, double> _delta;
    private readonly bool _doEvictAfter;

    private DeltaEvictor(double threshold, Func<T, T, double> delta, bool doEvictAfter)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _threshold = threshold;
        _delta = delta;
        _doEvictAfter = doEvictAfter;
    }

    public static DeltaEvictor<T, TWindow> Of(double threshold, Func<T, T, double> delta, bool doEvictAfter = false) => new(threshold, delta, doEvictAfter);

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
        if (elements.Count == 0) return;
        var last = elements[^1].Value;
        for (var i = elements.Count - 1; i >= 0; i--)
            if (_delta(elements[i].Value, last) >= _threshold) elements.RemoveAt(i);
    }
}
