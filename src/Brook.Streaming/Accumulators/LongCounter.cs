namespace Brook.Streaming.Accumulators;

/// <summary>A sum of longs (Flink's LongCounter).</summary>
public sealed class LongCounter : IAccumulator
{
    private long _value;

    public LongCounter()
    {
    }

    public LongCounter(long initial) => _value = initial;

    public long Value => Volatile.Read(ref _value);

    public void Add(long value) => Volatile.Write(ref _value, _value + value);

    public object LocalValue => Value;

    public IAccumulator Snapshot() => new LongCounter(Value);

    public void Merge(IAccumulator other) => Add(((LongCounter)other).Value);

    public override string ToString() => $"LongCounter {Value}";
}
