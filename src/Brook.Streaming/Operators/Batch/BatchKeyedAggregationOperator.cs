using System.Numerics;

namespace Brook.Streaming.Operators.Batch;

/// <summary><c>KeyedStream.Sum/Min/Max</c> in BATCH execution: the final (key, aggregate) per key, once.</summary>
internal sealed class BatchKeyedAggregationOperator<T, TKey, TNum>(Func<T, TNum> selector, Func<T, TKey> keySelector, AggregationKind kind)
    : BatchKeyedFoldOperator<T, TKey, (TKey Key, TNum Value), TNum>(selector, keySelector)
    where TKey : notnull
    where TNum : INumber<TNum>
{
    protected override TNum First(T value) => selector(value);

    protected override TNum Fold(TNum current, T value)
    {
        var next = selector(value);
        return kind switch
        {
            AggregationKind.Sum => current + next,
            AggregationKind.Min => TNum.Min(current, next),
            _ => TNum.Max(current, next),
        };
    }

    protected override (TKey Key, TNum Value) Result(TKey key, TNum value) => (key, value);
}
