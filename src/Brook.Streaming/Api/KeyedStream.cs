using System.Numerics;
using Brook.Streaming.Functions;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Batch;

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

    /// <summary>Rolling reduce: emits the key's running result for every input (in BATCH execution, the final result per key only).</summary>
    public SingleOutputStreamOperator<T> Reduce(Func<T, T, T> reduce) =>
        AddOneInput<T>("Keyed Reduce", () => new StreamGroupedReduce<T, TKey>(reduce, KeySelector), keyed: true,
            () => new BatchGroupedReduceOperator<T, TKey>(reduce, KeySelector));

    public SingleOutputStreamOperator<T> Reduce(IReduceFunction<T> function) =>
        AddOneInput<T>("Keyed Reduce", () => new StreamGroupedReduce<T, TKey>(FunctionCopier.ForSubtask(function), KeySelector), keyed: true,
            () => new BatchGroupedReduceOperator<T, TKey>(FunctionCopier.ForSubtask(function), KeySelector));

    /// <summary>Rolling sum of <paramref name="selector"/> per key, emitted as (key, sum) for every input (in BATCH execution, once per key at the end).</summary>
    public SingleOutputStreamOperator<(TKey Key, TNum Value)> Sum<TNum>(Func<T, TNum> selector) where TNum : INumber<TNum> =>
        Aggregate(selector, AggregationKind.Sum);

    public SingleOutputStreamOperator<(TKey Key, TNum Value)> Min<TNum>(Func<T, TNum> selector) where TNum : INumber<TNum> =>
        Aggregate(selector, AggregationKind.Min);

    public SingleOutputStreamOperator<(TKey Key, TNum Value)> Max<TNum>(Func<T, TNum> selector) where TNum : INumber<TNum> =>
        Aggregate(selector, AggregationKind.Max);

    private SingleOutputStreamOperator<(TKey Key, TNum Value)> Aggregate<TNum>(Func<T, TNum> selector, AggregationKind kind) where TNum : INumber<TNum> =>
        AddOneInput<(TKey Key, TNum Value)>("Keyed Aggregation", () => new StreamKeyedAggregation<T, TKey, TNum>(selector, KeySelector, kind), keyed: true,
            () => new BatchKeyedAggregationOperator<T, TKey, TNum>(selector, KeySelector, kind));

    /// <summary>
    /// Adds a custom operator on the keyed stream (it may use keyed state through its key context). In BATCH execution
    /// its input arrives grouped by key, and a key's timers fire (as at watermark long.MaxValue) when the key ends.
    /// </summary>
    public SingleOutputStreamOperator<TOut> KeyedTransform<TOut>(string operatorName, Func<IOneInputStreamOperator<T>> operatorFactory)
    {
        var keySelector = KeySelector;
        return AddOneInput<TOut>(operatorName, operatorFactory, keyed: true,
            () => new BatchKeyedOneInputOperator<T, TKey, TOut>(operatorFactory(), keySelector));
    }
}
