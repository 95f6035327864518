using Brook.Streaming.Functions;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Batch;
using Brook.Streaming.Operators.Broadcast;

namespace Brook.Streaming;

/// <summary>
/// A stream connected with a broadcast stream (Flink's BroadcastConnectedStream): the non-broadcast input
/// keeps its partitioning (keyed or not), the broadcast input reaches every subtask.
/// </summary>
public sealed class BroadcastConnectedStream<TIn1, TIn2>
{
    internal BroadcastConnectedStream(DataStream<TIn1> nonBroadcastInput, BroadcastStream<TIn2> broadcastInput)
    {
        NonBroadcastInput = nonBroadcastInput;
        BroadcastInput = broadcastInput;
    }

    public DataStream<TIn1> NonBroadcastInput { get; }

    public BroadcastStream<TIn2> BroadcastInput { get; }

    /// <summary>Processes a non-keyed stream with the broadcast state.</summary>
    public SingleOutputStreamOperator<TOut> Process<TOut>(BroadcastProcessFunction<TIn1, TIn2, TOut> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (NonBroadcastInput.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(KeyedStream<,>))
            throw new InvalidOperationException("A BroadcastProcessFunction cannot process a keyed stream: use a KeyedBroadcastProcessFunction.");
        var descriptors = BroadcastInput.Descriptors;
        Func<ITwoInputStreamOperator<TIn1, TIn2>> factory = () => new CoBroadcastWithNonKeyedOperator<TIn1, TIn2, TOut>(FunctionCopier.ForSubtask(function), descriptors);
        // BATCH: the broadcast side is processed first, as in Flink.
        return Transform<TOut>("Co-Process-Broadcast", factory, keyed: false, () => new BatchBroadcastFirstOperator<TIn1, TIn2, TOut>(factory()));
    }

    /// <summary>Processes a keyed stream with the broadcast state, keyed state and timers of the current key.</summary>
    public SingleOutputStreamOperator<TOut> Process<TKey, TOut>(KeyedBroadcastProcessFunction<TKey, TIn1, TIn2, TOut> function)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(function);
        if (NonBroadcastInput is not KeyedStream<TIn1, TKey> keyed)
            throw new InvalidOperationException($"A KeyedBroadcastProcessFunction needs the non-broadcast stream keyed by {typeof(TKey).Name}: connect a KeyedStream.");
        var keySelector = keyed.KeySelector;
        var descriptors = BroadcastInput.Descriptors;
        Func<ITwoInputStreamOperator<TIn1, TIn2>> factory = () => new CoBroadcastWithKeyedOperator<TKey, TIn1, TIn2, TOut>(FunctionCopier.ForSubtask(function), keySelector, descriptors);
        // BATCH: the keyed side arrives grouped by key after the whole broadcast side was processed, as in Flink.
        return Transform<TOut>("Co-Process-Broadcast-Keyed", factory, keyed: true,
            () => new BatchKeyedTwoInputOperator<TIn1, TIn2, TKey, TOut>(factory(), keySelector, null));
    }

    private SingleOutputStreamOperator<TOut> Transform<TOut>(string operatorName, Func<ITwoInputStreamOperator<TIn1, TIn2>> operatorFactory, bool keyed,
        Func<IStreamOperator>? batchOperatorFactory = null)
    {
        var env = NonBroadcastInput.Environment;
        var t = new TwoInputTransformation(env.NextId(), operatorName, NonBroadcastInput.Transformation, BroadcastInput.BroadcastedInput.Transformation,
            DataType.Of<TOut>(), () => operatorFactory(), -1) { IsKeyed = keyed, BatchOperatorFactory = batchOperatorFactory };
        env.AddOperator(t);
        return new SingleOutputStreamOperator<TOut>(env, t);
    }
}
