using System.Numerics;
using Brook.Streaming.Functions;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Streaming;

/// <summary>
/// A stream partitioned by key (Flink's KeyedStream): each key's records go to the subtask owning the
/// key's key group; operators applied here see the current key and may keep keyed state.
/// </summary>
public sealed class KeyedStream<T, TKey> : DataStream<T> where TKey : notnull
{
    internal KeyedStream(DataStream<T> input, Func<T, TKey> keySelector)
        : base(input.Environment, new PartitionTransformation(input.Environment.NextId(), input.Transformation,
            new KeyGroupStreamPartitioner<T, TKey>(keySelector, -1)))
    {
        KeySelector = keySelector;
    }

    public Func<T, TKey> KeySelector { get; }

    /// <summary>Rolling reduce: emits the key's running result for every input.</summary>
    public SingleOutputStreamOperator<T> Reduce(Func<T, T, T> reduce) =>
        KeyedTransform<T>("Keyed Reduce", () => new StreamGroupedReduce<T, TKey>(reduce, KeySelector));

    public SingleOutputStreamOperator<T> Reduce(IReduceFunction<T> function) =>
        KeyedTransform<T>("Keyed Reduce", () => new StreamGroupedReduce<T, TKey>(FunctionCopier.ForSubtask(function), KeySelector));

    /// <summary>Rolling sum of <paramref name="selector"/> per key, emitted as (key, sum) for every input.</summary>
    public SingleOutputStreamOperator<(TKey Key, TNum Value)> Sum<TNum>(Func<T, TNum> selector) where TNum : INumber<TNum> =>
        Aggregate(selector, AggregationKind.Sum);

    public SingleOutputStreamOperator<(TKey Key, TNum Value)> Min<TNum>(Func<T, TNum> selector) where TNum : INumber<TNum> =>
        Aggregate(selector, AggregationKind.Min);

    public SingleOutputStreamOperator<(TKey Key, TNum Value)> Max<TNum>(Func<T, TNum> selector) where TNum : INumber<TNum> =>
        Aggregate(selector, AggregationKind.Max);

    private SingleOutputStreamOperator<(TKey Key, TNum Value)> Aggregate<TNum>(Func<T, TNum> selector, AggregationKind kind) where TNum : INumber<TNum> =>
        KeyedTransform<(TKey Key, TNum Value)>("Keyed Aggregation", () => new StreamKeyedAggregation<T, TKey, TNum>(selector, KeySelector, kind));

    /// <summary>Adds a custom operator on the keyed stream (it may use keyed state through its key context).</summary>
    public SingleOutputStreamOperator<TOut> KeyedTransform<TOut>(string operatorName, Func<IOneInputStreamOperator<T>> operatorFactory) =>
        AddOneInput<TOut>(operatorName, operatorFactory, keyed: true);
}
