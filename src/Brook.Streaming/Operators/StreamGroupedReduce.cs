using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Values, key, out var exists);
        slot = exists ? _reduce(slot!, record.Value) : record.Value;
        Output.Collect(new StreamRecord<T>(slot, record.Timestamp));
    }

    /// <summary>A keyBy buffer in one loop, the running values in the dictionary or in the keyed state's slots (as <see cref="StreamKeyedAggregation{T, TKey, TNum}"/>).</summary>
    private protected override void ProcessKeyedBatch(ReadOnlySpan<StreamRecord<T>> records, ReadOnlySpan<int> keyGroups)
    {
        if (records.IsEmpty) base.ProcessKeyedBatch(records, keyGroups);
        else if (State is null) ReduceRecords(new InDictionary(Values), records, keyGroups);
        else if (StateSlots is { } slots) ReduceRecords(new InState(slots), records, keyGroups);
        else base.ProcessKeyedBatch(records, keyGroups);
    }

    private void ReduceRecords<TValues>(TValues values, ReadOnlySpan<StreamRecord<T>> records, ReadOnlySpan<int> keyGroups)
        where TValues : struct, IRunningValues
    {
        var keySelector = KeySelector;
        var reduce = _reduce;
        var output = _batch.Length >= records.Length ? _batch : _batch = new StreamRecord<T>[records.Length];
        var key = default(TKey)!;
        for (var i = 0; i < records.Length; i++)
        {
            var value = records[i].Value;
            key = keySelector(value);
            ref var slot = ref values.GetValueRefOrAddDefault(key, keyGroups[i], out var exists);
            slot = exists ? reduce(slot!, value) : value;
            output[i] = new StreamRecord<T>(slot, records[i].Timestamp);
        }
        Keys.SetCurrentKey(key, keyGroups[^1]);
        Output.CollectBatch(output.AsSpan(0, records.Length));
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(output, 0, records.Length);
    }

    private StreamRecord<T>[] _batch = [];

    /// <summary>Values without timestamps (a values-only keyBy buffer): as <see cref="ProcessKeyedBatch"/>, the outputs going on as values.</summary>
    private protected override void ProcessKeyedValues(ReadOnlySpan<T> inputs, ReadOnlySpan<int> keyGroups)
    {
        if (inputs.IsEmpty) base.ProcessKeyedValues(inputs, keyGroups);
        else if (State is null) ReduceValues(new InDictionary(Values), inputs, keyGroups);
        else if (StateSlots is { } slots) ReduceValues(new InState(slots), inputs, keyGroups);
        else base.ProcessKeyedValues(inputs, keyGroups);
    }

    private void ReduceValues<TValues>(TValues values, ReadOnlySpan<T> inputs, ReadOnlySpan<int> keyGroups)
        where TValues : struct, IRunningValues
    {
        var keySelector = KeySelector;
        var reduce = _reduce;
        var output = _valueBatch.Length >= inputs.Length ? _valueBatch : _valueBatch = new T[inputs.Length];
        var key = default(TKey)!;
        for (var i = 0; i < inputs.Length; i++)
        {
            var value = inputs[i];
            key = keySelector(value);
            ref var slot = ref values.GetValueRefOrAddDefault(key, keyGroups[i], out var exists);
            slot = exists ? reduce(slot!, value) : value;
            output[i] = slot;
        }
        Keys.SetCurrentKey(key, keyGroups[^1]);
        Output.CollectValues(output.AsSpan(0, inputs.Length));
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(output, 0, inputs.Length);
    }

    private T[] _valueBatch = [];
}
