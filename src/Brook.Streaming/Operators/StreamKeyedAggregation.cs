using Brook.Streaming.State;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Brook.Streaming.Operators;

/// <summary>
/// Rolling Sum/Min/Max of a numeric selector per key: emits (key, running aggregate) for every input.
/// In a job with periodic checkpoints, or restored from a checkpoint, the running value is keyed value state
/// "_op_state"; otherwise a plain dictionary keyed by the stream's key, copied into that state when a manual
/// checkpoint is taken.
/// </summary>
public sealed class StreamKeyedAggregation<T, TKey, TNum> : KeyedOneInputOperator<T, TKey, (TKey Key, TNum Value), object>
    where TKey : notnull
    where TNum : INumber<TNum>
{
    private readonly Func<T, TNum> _selector;
    private readonly AggregationKind _kind;
    private readonly Dictionary<TKey, TNum> _values = new();
    private IValueState<TNum>? _state;
    private IValueState<TNum>? _manualCheckpointState;

    public StreamKeyedAggregation(Func<T, TNum> selector, Func<T, TKey> keySelector, AggregationKind kind) : base(selector, keySelector)
    {
        _selector = selector;
        _kind = kind;
    }

    protected override string OperatorName => _kind.ToString();

    public override void Open()
    {
        base.Open();
        if (Keys.Backend is not IKeyedStateStore store) return;
        var state = store.GetState(new ValueStateDescriptor<TNum>("_op_state"));
        // Without periodic checkpoints the dictionary is faster per record; a manual checkpoint copies it into the state.
        if (Parameters.IsCheckpointingEnabled || Parameters.IsRestored) _state = state;
        else _manualCheckpointState = state;
    }

    public override void SnapshotState(StateSnapshotContext context)
    {
        if (_manualCheckpointState is { } state)
        {
            foreach (var (key, value) in _values)
            {
                Keys.SetCurrentKey(key);
                state.Update(value);
            }
        }
        base.SnapshotState(context);
    }

    protected override void ProcessKeyedElement(StreamRecord<T> record)
    {
        var key = Keys.CurrentKey;
        var value = _selector(record.Value);
        if (_state is { } state)
        {
            var aggregated = state.TryGetValue(out var current) ? Aggregate(current, value) : value;
            state.Update(aggregated);
            Output.Collect(new StreamRecord<(TKey, TNum)>((key, aggregated), record.Timestamp));
            return;
        }
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, key, out var exists);
        slot = !exists ? value : Aggregate(slot!, value);
        Output.Collect(new StreamRecord<(TKey, TNum)>((key, slot), record.Timestamp));
    }

    private TNum Aggregate(TNum current, TNum value) => _kind switch
    {
        AggregationKind.Sum => current + value,
        AggregationKind.Min => TNum.Min(current, value),
        _ => TNum.Max(current, value),
    };
}
