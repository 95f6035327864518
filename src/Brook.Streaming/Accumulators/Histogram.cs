namespace Brook.Streaming.Accumulators;

/// <summary>Counts how often each integer value was added (Flink's Histogram accumulator).</summary>
public sealed class Histogram : IAccumulator
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, int> _counts = new();

    public void Add(int value)
    {
        lock (_lock) _counts[value] = _counts.GetValueOrDefault(value) + 1;
    }

    public IReadOnlyDictionary<int, int> Counts
    {
        get
        {
            lock (_lock) return new SortedDictionary<int, int>(_counts);
        }
    }

    public object LocalValue => Counts;

    public IAccumulator Snapshot()
    {
        var copy = new Histogram();
        lock (_lock)
        {
            foreach (var (k, v) in _counts) copy._counts[k] = v;
        }
        return copy;
    }

    public void Merge(IAccumulator other)
    {
        foreach (var (k, v) in ((Histogram)other).Counts)
        {
            lock (_lock) _counts[k] = _counts.GetValueOrDefault(k) + v;
        }
    }

    public override string ToString() => $"Histogram {string.Join(", ", Counts.Select(kv => $"{kv.Key}={kv.Value}"))}";
}
