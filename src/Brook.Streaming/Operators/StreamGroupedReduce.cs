using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>
/// Rolling reduce on a keyed stream: emits the key's running result for every input, as Flink's
/// StreamGroupedReduceOperator. The running values live in a per-operator dictionary over the keys of
/// this subtask's key groups (not yet checkpointed state).
/// </summary>
public sealed class StreamGroupedReduce<T, TKey> : KeyedOneInputOperator<T, TKey, T, object>
    where TKey : notnull
{
    private readonly Func<T, T, T> _reduce;
    private readonly Dictionary<TKey, T> _values = new();

    public StreamGroupedReduce(IReduceFunction<T> function, Func<T, TKey> keySelector) : base(function, keySelector) => _reduce = function.Reduce;

    public StreamGroupedReduce(Func<T, T, T> reduce, Func<T, TKey> keySelector) : base(reduce, keySelector) => _reduce = reduce;

    protected override string OperatorName => "Keyed Reduce";

    protected override void ProcessKeyedElement(StreamRecord<T> record)
    {
        var key = Keys.CurrentKey;
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_values, key, out var exists);
        slot = exists ? _reduce(slot!, record.Value) : record.Value;
        Output.Collect(new StreamRecord<T>(slot, record.Timestamp));
    }
}
