namespace Brook.Streaming.Accumulators;

/// <summary>The mean of the added values (Flink's AverageAccumulator); 0 when nothing was added.</summary>
public sealed class AverageAccumulator : IAccumulator
{
    private readonly Lock _lock = new();
    private double _sum;
    private long _count;

    public void Add(double value)
    {
        lock (_lock)
        {
            _sum += value;
            _count++;
        }
    }

    public double Average
    {
        get
        {
            lock (_lock) return _count == 0 ? 0 : _sum / _count;
        }
    }

    public long Count
    {
        get
        {
            lock (_lock) return _count;
        }
    }

    public object LocalValue => Average;

    /// <summary>The sum and count, for carrying the accumulator between processes by value.</summary>
    internal (double Sum, long Count) Parts
    {
        get
        {
            lock (_lock) return (_sum, _count);
        }
    }

    internal static AverageAccumulator FromParts(double sum, long count) => new() { _sum = sum, _count = count };

    public IAccumulator Snapshot()
    {
        lock (_lock) return new AverageAccumulator { _sum = _sum, _count = _count };
    }

    public void Merge(IAccumulator other)
    {
        var o = (AverageAccumulator)other.Snapshot();
        lock (_lock)
        {
            _sum += o._sum;
            _count += o._count;
        }
    }

    public override string ToString() => $"AverageAccumulator {Average} for {Count} elements";
}
