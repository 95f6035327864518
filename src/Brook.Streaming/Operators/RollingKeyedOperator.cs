using System.Runtime.InteropServices;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;

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

    /// <summary>
    /// The slots of the running values' keyed state, for a keyBy buffer in one loop; null without keyed state or when the
    /// state cannot give slots (time-to-live), and the buffer then goes record by record.
    /// </summary>
    private protected IKeyedValueSlots<TKey, TValue>? StateSlots => State as IKeyedValueSlots<TKey, TValue> is { HasSlots: true } slots ? slots : null;

    /// <summary>Where a batch loop finds a key's running value (a struct, so each loop is compiled for its kind).</summary>
    private protected interface IRunningValues
    {
        ref TValue GetValueRefOrAddDefault(TKey key, int keyGroup, out bool exists);
    }

    /// <summary>The running values in <see cref="Values"/>.</summary>
    private protected readonly struct InDictionary(Dictionary<TKey, TValue> values) : IRunningValues
    {
        public ref TValue GetValueRefOrAddDefault(TKey key, int keyGroup, out bool exists) =>
            ref CollectionsMarshal.GetValueRefOrAddDefault(values, key, out exists)!;
    }

    /// <summary>The running values in keyed state, one lookup per record, as a read and an update of the state would leave them.</summary>
    private protected readonly struct InState(IKeyedValueSlots<TKey, TValue> slots) : IRunningValues
    {
        public ref TValue GetValueRefOrAddDefault(TKey key, int keyGroup, out bool exists) => ref slots.GetValueRefOrAddDefault(key, keyGroup, out exists);
    }

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
