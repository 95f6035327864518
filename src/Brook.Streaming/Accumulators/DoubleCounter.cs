namespace Brook.Streaming.Accumulators;

/// <summary>A sum of doubles (Flink's DoubleCounter).</summary>
public sealed class DoubleCounter : IAccumulator
{
    private double _value;

    public DoubleCounter()
    {
    }

    public DoubleCounter(double initial) => _value = initial;

    public double Value => Volatile.Read(ref _value);

    public void Add(double value) => Volatile.Write(ref _value, _value + value);

    public object LocalValue => Value;

    public IAccumulator Snapshot() => new DoubleCounter(Value);

    public void Merge(IAccumulator other) => Add(((DoubleCounter)other).Value);

    public override string ToString() => $"DoubleCounter {Value}";
}
