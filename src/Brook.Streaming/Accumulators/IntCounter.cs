namespace Brook.Streaming.Accumulators;

public sealed class IntCounter(int initial = 0) : IAccumulator
{
    private int _value = initial;

    public int Value => Volatile.Read(ref _value);

    public void Add(int value) => Volatile.Write(ref _value, _value + value);

    public object LocalValue => Value;

    public IAccumulator Snapshot() => new IntCounter(Value);

    public void Merge(IAccumulator other) => Add(((IntCounter)other).Value);

    public override string ToString() => $"IntCounter {Value}";
}
