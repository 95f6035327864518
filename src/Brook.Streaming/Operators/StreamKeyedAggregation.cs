using System.Numerics;
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

    private TNum Aggregate(TNum current, TNum value) => _kind switch
    {
        AggregationKind.Sum => current + value,
        AggregationKind.Min => TNum.Min(current, value),
        _ => TNum.Max(current, value),
    };
}
