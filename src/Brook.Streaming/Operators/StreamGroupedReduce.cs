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
}
