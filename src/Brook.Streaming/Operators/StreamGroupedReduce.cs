using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>
/// Rolling reduce on a keyed stream: emits the key's running result for every input, as Flink's
/// StreamGroupedReduceOperator (where the running value lives: <see cref="RollingKeyedOperator{TIn, TKey, TOut, TValue}"/>).
/// </summary>
public sealed class StreamGroupedReduce<T, TKey> : RollingKeyedOperator<T, TKey, T, T>
    where TKey : notnull
{
    private readonly Func<T, T, T> _reduce;

    public StreamGroupedReduce(IReduceFunction<T> function, Func<T, TKey> keySelector) : base(function, keySelector) => _reduce = function.Reduce;

    public StreamGroupedReduce(Func<T, T, T> reduce, Func<T, TKey> keySelector) : base(reduce, keySelector) => _reduce = reduce;

    protected override string OperatorName => "Keyed Reduce";

    protected override void ProcessKeyedElement(StreamRecord<T> record)
    {
        if (State is { } state)
        {
            var reduced = state.TryGetValue(out var current) ? _reduce(current, record.Value) : record.Value;
            state.Update(reduced);
            Output.Collect(new StreamRecord<T>(reduced, record.Timestamp));
            return;
        }
        var key = Keys.CurrentKey;
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Values, key, out var exists);
        slot = exists ? _reduce(slot!, record.Value) : record.Value;
        Output.Collect(new StreamRecord<T>(slot, record.Timestamp));
    }

    /// <summary>A keyBy buffer in one loop when the running values are in the dictionary (as <see cref="StreamKeyedAggregation{T, TKey, TNum}"/>).</summary>
    private protected override void ProcessKeyedBatch(ReadOnlySpan<StreamRecord<T>> records, ReadOnlySpan<int> keyGroups)
    {
        if (State is not null || records.IsEmpty)
        {
            base.ProcessKeyedBatch(records, keyGroups);
            return;
        }
        var keySelector = KeySelector;
        var reduce = _reduce;
        var values = Values;
        var output = _batch.Length >= records.Length ? _batch : _batch = new StreamRecord<T>[records.Length];
        var key = default(TKey)!;
        for (var i = 0; i < records.Length; i++)
        {
            var value = records[i].Value;
            key = keySelector(value);
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(values, key, out var exists);
            slot = exists ? reduce(slot!, value) : value;
            output[i] = new StreamRecord<T>(slot, records[i].Timestamp);
        }
        Keys.SetCurrentKey(key, keyGroups[^1]);
        Output.CollectBatch(output.AsSpan(0, records.Length));
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(output, 0, records.Length);
    }

    private StreamRecord<T>[] _batch = [];

    /// <summary>Values without timestamps (a values-only keyBy buffer): as <see cref="ProcessKeyedBatch"/>, the outputs going on as values.</summary>
    private protected override void ProcessKeyedValues(ReadOnlySpan<T> inputs, ReadOnlySpan<int> keyGroups)
    {
        if (State is not null || inputs.IsEmpty)
        {
            base.ProcessKeyedValues(inputs, keyGroups);
            return;
        }
        var keySelector = KeySelector;
        var reduce = _reduce;
        var values = Values;
        var output = _valueBatch.Length >= inputs.Length ? _valueBatch : _valueBatch = new T[inputs.Length];
        var key = default(TKey)!;
        for (var i = 0; i < inputs.Length; i++)
        {
            var value = inputs[i];
            key = keySelector(value);
            ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(values, key, out var exists);
            slot = exists ? reduce(slot!, value) : value;
            output[i] = slot;
        }
        Keys.SetCurrentKey(key, keyGroups[^1]);
        Output.CollectValues(output.AsSpan(0, inputs.Length));
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(output, 0, inputs.Length);
    }

    private T[] _valueBatch = [];
}
