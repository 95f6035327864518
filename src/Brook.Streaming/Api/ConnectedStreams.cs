using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Batch;

namespace Brook.Streaming;

/// <summary>Two streams of possibly different types processed by one two-input operator (Flink's ConnectedStreams).</summary>
public sealed class ConnectedStreams<T1, T2>
{
    internal ConnectedStreams(DataStream<T1> first, DataStream<T2> second)
    {
        First = first;
        Second = second;
    }

    public DataStream<T1> First { get; }

    public DataStream<T2> Second { get; }

    /// <summary>Maps each input with its own function into one output stream.</summary>
    public SingleOutputStreamOperator<TOut> Map<TOut>(Func<T1, TOut> map1, Func<T2, TOut> map2) =>
        Transform<TOut>("Co-Map", () => new CoStreamMap<T1, T2, TOut>(map1, map2));

    /// <summary>Adds a custom two-input operator; the factory runs once per subtask.</summary>
    /// <remarks>A custom keyed two-input operator added here is refused in BATCH execution (its keys are not known to group its inputs).</remarks>
    public SingleOutputStreamOperator<TOut> Transform<TOut>(string operatorName, Func<ITwoInputStreamOperator<T1, T2>> operatorFactory, bool keyed = false) =>
        Add<TOut>(operatorName, operatorFactory, keyed, null);

    /// <summary>A keyed two-input operator: in BATCH execution both inputs arrive grouped by the key, and a key's timers fire when it ends.</summary>
    internal SingleOutputStreamOperator<TOut> TransformKeyed<TKey, TOut>(string operatorName, Func<ITwoInputStreamOperator<T1, T2>> operatorFactory,
        Func<T1, TKey> keySelector1, Func<T2, TKey> keySelector2) where TKey : notnull =>
        Add<TOut>(operatorName, operatorFactory, keyed: true,
            () => new BatchKeyedTwoInputOperator<T1, T2, TKey, TOut>(operatorFactory(), keySelector1, keySelector2));

    private SingleOutputStreamOperator<TOut> Add<TOut>(string operatorName, Func<ITwoInputStreamOperator<T1, T2>> operatorFactory, bool keyed,
        Func<IStreamOperator>? batchOperatorFactory)
    {
        var env = First.Environment;
        var t = new TwoInputTransformation(env.NextId(), operatorName, First.Transformation, Second.Transformation, DataType.Of<TOut>(),
            () => operatorFactory(), -1) { IsKeyed = keyed, BatchOperatorFactory = batchOperatorFactory };
        env.AddOperator(t);
        return new SingleOutputStreamOperator<TOut>(env, t);
    }
}
