namespace Brook.Streaming.Accumulators;

/// <summary>A sum of ints (Flink's IntCounter).</summary>
public sealed class IntCounter : IAccumulator
{
    private int _value;

    public IntCounter()
    {
    }

    public IntCounter(int initial) => _value = initial;

    public int Value => Volatile.Read(ref _value);

    public void Add(int value) => Volatile.Write(ref _value, _value + value);

    public object LocalValue => Value;

    public IAccumulator Snapshot() => new IntCounter(Value);

    public void Merge(IAccumulator other) => Add(((IntCounter)other).Value);

    public override string ToString() => $"IntCounter {Value}";
}
