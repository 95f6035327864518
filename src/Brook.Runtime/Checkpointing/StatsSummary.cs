namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Running minimum, maximum and average of one figure over every completed checkpoint, with a window of the
/// latest values for percentiles (Flink's StatsSummary over a DescriptiveStatisticsHistogram of 10 000 values).
/// Mutated only under the coordinator's lock.
/// </summary>
internal sealed class StatsSummary
{
    internal const int HistogramWindowSize = 10_000;

    private readonly Queue<long> _window = new();
    private long _min = long.MaxValue;
    private long _max = long.MinValue;
    private long _sum;
    private long _count;
    private StatsSummarySnapshot? _snapshot;

    public void Add(long value)
    {
        if (value < 0) return;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        _sum += value;
        _count++;
        _window.Enqueue(value);
        if (_window.Count > HistogramWindowSize) _window.Dequeue();
        _snapshot = null;
    }

    /// <summary>Kept until the next value, so snapshots of every job view do not sort the window again.</summary>
    public StatsSummarySnapshot Snapshot() => _snapshot ??=
        StatsSummarySnapshot.Of(_count, _count == 0 ? 0 : _min, _count == 0 ? 0 : _max, _count == 0 ? 0 : _sum / _count, _window);
}
