using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Brook.Streaming.Operators;

/// <summary>
/// Rolling Sum/Min/Max of a numeric selector per key: emits (key, running aggregate) for every input (where the
/// running value lives: <see cref="RollingKeyedOperator{TIn, TKey, TOut, TValue}"/>).
/// </summary>
public sealed class StreamKeyedAggregation<T, TKey, TNum> : RollingKeyedOperator<T, TKey, (TKey Key, TNum Value), TNum>
    where TKey : notnull
    where TNum : INumber<TNum>
{
    private readonly Func<T, TNum> _selector;
    private readonly AggregationKind _kind;

    public StreamKeyedAggregation(Func<T, TNum> selector, Func<T, TKey> keySelector, AggregationKind kind) : base(selector, keySelector)
    {
        _selector = selector;
        _kind = kind;
    }

    protected override string OperatorName => _kind.ToString();

    protected override void ProcessKeyedElement(StreamRecord<T> record)
    {
        var key = Keys.CurrentKey;
        var value = _selector(record.Value);
        if (State is { } state)
        {
            var aggregated = state.TryGetValue(out var current) ? Aggregate(current, value) : value;
            state.Update(aggregated);
            Output.Collect(new StreamRecord<(TKey, TNum)>((key, aggregated), record.Timestamp));
            return;
        }
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(Values, key, out var exists);
        slot = !exists ? value : Aggregate(slot!, value);
        Output.Collect(new StreamRecord<(TKey, TNum)>((key, slot), record.Timestamp));
    }

    /// <summary>
    /// A keyBy buffer in one loop, the running values in the dictionary or in the keyed state's slots: its outputs go on
    /// as one batch (the same records in the same order; nothing else is emitted in between). The keyed backend's current
    /// key is only read by a snapshot, which sets its own keys, so it is set once, to the last record's key, as the
    /// per-record path leaves it.
    /// </summary>
    private protected override void ProcessKeyedBatch(ReadOnlySpan<StreamRecord<T>> records, ReadOnlySpan<int> keyGroups)
    {
        if (records.IsEmpty) base.ProcessKeyedBatch(records, keyGroups);
        else if (State is null) AggregateRecords(new InDictionary(Values), records, keyGroups);
        else if (StateSlots is { } slots) AggregateRecords(new InState(slots), records, keyGroups);
        else base.ProcessKeyedBatch(records, keyGroups);
    }

    private void AggregateRecords<TValues>(TValues values, ReadOnlySpan<StreamRecord<T>> records, ReadOnlySpan<int> keyGroups)
        where TValues : struct, IRunningValues
    {
        var keySelector = KeySelector;
        var selector = _selector;
        var output = _batch.Length >= records.Length ? _batch : _batch = new StreamRecord<(TKey, TNum)>[records.Length];
        var key = default(TKey)!;
        for (var i = 0; i < records.Length; i++)
        {
            var value = records[i].Value;
            key = keySelector(value);
            var input = selector(value);
            ref var slot = ref values.GetValueRefOrAddDefault(key, keyGroups[i], out var exists);
            slot = !exists ? input : Aggregate(slot!, input);
            output[i] = new StreamRecord<(TKey, TNum)>((key, slot), records[i].Timestamp);
        }
        Keys.SetCurrentKey(key, keyGroups[^1]);
        Output.CollectBatch(output.AsSpan(0, records.Length));
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TKey>()) Array.Clear(output, 0, records.Length);
    }

    private StreamRecord<(TKey, TNum)>[] _batch = [];

    /// <summary>
    /// Values without timestamps (a values-only keyBy buffer): as <see cref="ProcessKeyedBatch"/>, and the outputs, which
    /// have no timestamps either, go on as values (16 B per (long, long) output instead of a 24 B record).
    /// </summary>
    private protected override void ProcessKeyedValues(ReadOnlySpan<T> inputs, ReadOnlySpan<int> keyGroups)
    {
        if (inputs.IsEmpty) base.ProcessKeyedValues(inputs, keyGroups);
        else if (State is null) AggregateValues(new InDictionary(Values), inputs, keyGroups);
        else if (StateSlots is { } slots) AggregateValues(new InState(slots), inputs, keyGroups);
        else base.ProcessKeyedValues(inputs, keyGroups);
    }

    private void AggregateValues<TValues>(TValues values, ReadOnlySpan<T> inputs, ReadOnlySpan<int> keyGroups)
        where TValues : struct, IRunningValues
    {
        var keySelector = KeySelector;
        var selector = _selector;
        var output = _valueBatch.Length >= inputs.Length ? _valueBatch : _valueBatch = new (TKey, TNum)[inputs.Length];
        var key = default(TKey)!;
        for (var i = 0; i < inputs.Length; i++)
        {
            var value = inputs[i];
            key = keySelector(value);
            var input = selector(value);
            ref var slot = ref values.GetValueRefOrAddDefault(key, keyGroups[i], out var exists);
            slot = !exists ? input : Aggregate(slot!, input);
            output[i] = (key, slot);
        }
        Keys.SetCurrentKey(key, keyGroups[^1]);
        Output.CollectValues(output.AsSpan(0, inputs.Length));
        if (RuntimeHelpers.IsReferenceOrContainsReferences<TKey>()) Array.Clear(output, 0, inputs.Length);
    }

    private (TKey, TNum)[] _valueBatch = [];

    private TNum Aggregate(TNum current, TNum value) => _kind switch
    {
        AggregationKind.Sum => current + value,
        AggregationKind.Min => TNum.Min(current, value),
        _ => TNum.Max(current, value),
    };
}
