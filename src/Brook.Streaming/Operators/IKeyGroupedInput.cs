namespace Brook.Streaming.Operators;

/// <summary>
/// A keyed operator that takes the key group of a record along with it, when the record writer already computed it
/// while partitioning by the same key: the same key group the operator would compute, without hashing the key again.
/// </summary>
public interface IKeyGroupedInput<T>
{
    void ProcessElement(StreamRecord<T> record, int keyGroup);
}
