using Brook.Streaming.State;
using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>
/// Rolling reduce on a keyed stream: emits the key's running result for every input, as Flink's
/// StreamGroupedReduceOperator. With a keyed state backend (always in a checkpointed job) the running value
/// is keyed value state "_op_state", as in Flink, so checkpoints hold it; without one, a plain dictionary.
/// </summary>
public sealed class StreamGroupedReduce<T, TKey> : KeyedOneInputOperator<T, TKey, T, object>
    where TKey : notnull
{
    private readonly Func<T, T, T> _reduce;
    private readonly Dictionary<TKey, T> _values = new();
    private IValueState<T>? _state;

    public StreamGroupedReduce(IReduceFunction<T> function, Func<T, TKey> keySelector) : base(function, keySelector) => _reduce = function.Reduce;

    public StreamGroupedReduce(Func<T, T, T> reduce, Func<T, TKey> keySelector) : base(reduce, keySelector) => _reduce = reduce;

    protected override string OperatorName => "Keyed Reduce";

    public override void Open()
    {
        base.Open();
        if (Keys.Backend is IKeyedStateStore store) _state = store.GetState(new ValueStateDescriptor<T>("_op_state"));
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
