using Brook.Streaming.State;
using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>
/// Rolling reduce on a keyed stream: emits the key's running result for every input, as Flink's
/// StreamGroupedReduceOperator. In a job with periodic checkpoints, or restored from a checkpoint, the running
/// value is keyed value state "_op_state", as in Flink; otherwise a plain dictionary (faster per record), copied
/// into that state when a manual checkpoint is taken.
/// </summary>
public sealed class StreamGroupedReduce<T, TKey> : KeyedOneInputOperator<T, TKey, T, object>
    where TKey : notnull
{
    private readonly Func<T, T, T> _reduce;
    private readonly Dictionary<TKey, T> _values = new();
    private IValueState<T>? _state;
    private IValueState<T>? _manualCheckpointState;

    public StreamGroupedReduce(IReduceFunction<T> function, Func<T, TKey> keySelector) : base(function, keySelector) => _reduce = function.Reduce;

    public StreamGroupedReduce(Func<T, T, T> reduce, Func<T, TKey> keySelector) : base(reduce, keySelector) => _reduce = reduce;

    protected override string OperatorName => "Keyed Reduce";

    public override void Open()
    {
        base.Open();
        if (Keys.Backend is not IKeyedStateStore store) return;
        var state = store.GetState(new ValueStateDescriptor<T>("_op_state"));
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
        if (_state is { } state)
        {
            var reduced = state.TryGetValue(out var current) ? _reduce(current, record.Value) : record.Value;
            state.Update(reduced);
            Output.Collect(new StreamRecord<T>(reduced, record.Timestamp));
            return;
        }
        var key = Keys.CurrentKey;
        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_values, key, out var exists);
        slot = exists ? _reduce(slot!, record.Value) : record.Value;
        Output.Collect(new StreamRecord<T>(slot, record.Timestamp));
    }
}
