using Brook.Streaming.State;

namespace Brook.Streaming.Operators;

/// <summary>
/// The running value per key of the rolling keyed operators (reduce, Sum/Min/Max). In a job with periodic
/// checkpoints, or restored from a checkpoint, it is keyed value state "_op_state", as in Flink
/// (<see cref="State"/> is set); otherwise a plain dictionary (<see cref="Values"/>, faster per record), copied
/// into that state when a manual checkpoint is taken.
/// </summary>
public abstract class RollingKeyedOperator<TIn, TKey, TOut, TValue> : KeyedOneInputOperator<TIn, TKey, TOut, object>
    where TKey : notnull
{
    private IValueState<TValue>? _manualCheckpointState;

    protected RollingKeyedOperator(object function, Func<TIn, TKey> keySelector) : base(function, keySelector)
    {
    }

    /// <summary>The running values when they are not in keyed state.</summary>
    protected Dictionary<TKey, TValue> Values { get; } = new();

    /// <summary>The keyed state holding the running values, or null when <see cref="Values"/> holds them.</summary>
    protected IValueState<TValue>? State { get; private set; }

    public override void Open()
    {
        base.Open();
        if (Keys.Backend is not IKeyedStateStore store) return;
        var state = store.GetState(new ValueStateDescriptor<TValue>("_op_state"));
        if (Parameters.IsCheckpointingEnabled || Parameters.IsRestored) State = state;
        else _manualCheckpointState = state;
    }

    public override void SnapshotState(StateSnapshotContext context)
    {
        if (_manualCheckpointState is { } state)
        {
            foreach (var (key, value) in Values)
            {
                Keys.SetCurrentKey(key);
                state.Update(value);
            }
        }
        base.SnapshotState(context);
    }
}
