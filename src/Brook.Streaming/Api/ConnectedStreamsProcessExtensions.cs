using Brook.Streaming.Functions;
using Brook.Streaming.Operators.Timers;

namespace Brook.Streaming;

/// <summary>KeyBy and Process (CoProcessFunction, KeyedCoProcessFunction) on connected streams.</summary>
public static class ConnectedStreamsProcessExtensions
{
    /// <summary>Partitions both inputs by key, so elements with equal keys meet in the same subtask with shared keyed state.</summary>
    public static ConnectedStreams<T1, T2> KeyBy<T1, T2, TKey>(this ConnectedStreams<T1, T2> streams, Func<T1, TKey> keySelector1, Func<T2, TKey> keySelector2)
        where TKey : notnull =>
        streams.First.KeyBy(keySelector1).Connect(streams.Second.KeyBy(keySelector2));

    public static SingleOutputStreamOperator<TOut> Process<T1, T2, TOut>(this ConnectedStreams<T1, T2> streams, CoProcessFunction<T1, T2, TOut> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return streams.Transform<TOut>("Co-Process", () => new CoProcessOperator<T1, T2, TOut>(FunctionCopier.ForSubtask(function)));
    }

    /// <summary>Processes two streams keyed by the same key type with shared keyed state and timers per key.</summary>
    public static SingleOutputStreamOperator<TOut> Process<T1, T2, TKey, TOut>(this ConnectedStreams<T1, T2> streams, KeyedCoProcessFunction<TKey, T1, T2, TOut> function)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(function);
        if (streams.First is not KeyedStream<T1, TKey> first || streams.Second is not KeyedStream<T2, TKey> second)
            throw new InvalidOperationException($"A KeyedCoProcessFunction needs both connected streams keyed by {typeof(TKey).Name}: use KeyBy on both (or on the connected streams) first.");
        var key1 = first.KeySelector;
        var key2 = second.KeySelector;
        return streams.TransformKeyed<TKey, TOut>("KeyedCo-Process",
            () => new KeyedCoProcessOperator<TKey, T1, T2, TOut>(FunctionCopier.ForSubtask(function), key1, key2), key1, key2);
    }
}
