namespace Brook.Streaming.Metrics;

/// <summary>
/// Flink's DescriptiveStatisticsHistogram: the statistics of the last <c>windowSize</c> values (a ring buffer).
/// Updates come from the task thread; statistics are taken under a lock on a copy, so a report never sees a torn ring.
/// </summary>
public sealed class DescriptiveStatisticsHistogram : IHistogram
{
    private readonly long[] _window;
    private readonly Lock _lock = new();
    private long _count;

    public DescriptiveStatisticsHistogram(int windowSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        _window = new long[windowSize];
    }

    public void Update(long value)
    {
        lock (_lock)
        {
            _window[_count % _window.Length] = value;
            _count++;
        }
    }

    public long Count
    {
        get
        {
            lock (_lock) return _count;
        }
    }

    public HistogramStatistics GetStatistics()
    {
        long[] values;
        lock (_lock) values = _window[..(int)Math.Min(_count, _window.Length)];
        Array.Sort(values);
        if (values.Length == 0) return new HistogramStatistics(0, 0, 0, 0, 0, values);
        double sum = 0;
        foreach (var v in values) sum += v;
        var mean = sum / values.Length;
        double squares = 0;
        foreach (var v in values) squares += (v - mean) * (v - mean);
        // Sample standard deviation (n - 1), as Commons Math's DescriptiveStatistics.
        var stdDev = values.Length > 1 ? Math.Sqrt(squares / (values.Length - 1)) : 0;
        return new HistogramStatistics(values.Length, values[0], values[^1], mean, stdDev, values);
    }
}
