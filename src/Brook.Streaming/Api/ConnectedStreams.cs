using Brook.Streaming.Functions;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Timers;

namespace Brook.Streaming;

/// <summary>Two streams of possibly different types processed together (Flink's ConnectedStreams).</summary>
public sealed class ConnectedStreams<T1, T2>
{
    internal ConnectedStreams(DataStream<T1> first, DataStream<T2> second)
    {
        if (first.Environment != second.Environment)
            throw new ArgumentException("The two streams must belong to the same StreamExecutionEnvironment.", nameof(second));
        First = first;
        Second = second;
    }

    public DataStream<T1> First { get; }

    public DataStream<T2> Second { get; }

    /// <summary>Partitions both inputs by key, so elements with equal keys meet in the same subtask with shared keyed state.</summary>
    public KeyedConnectedStreams<T1, T2, TKey> KeyBy<TKey>(Func<T1, TKey> keySelector1, Func<T2, TKey> keySelector2) where TKey : notnull =>
        new(First.KeyBy(keySelector1), Second.KeyBy(keySelector2));

    public SingleOutputStreamOperator<TOut> Process<TOut>(CoProcessFunction<T1, T2, TOut> function) =>
        TwoInput.Add<T1, T2, TOut>(First, Second, "Co-Process", () => new CoProcessOperator<T1, T2, TOut>(FunctionCopier.ForSubtask(function)), keyed: false);

    /// <summary>One function per input, one output per element (Flink's CoMap).</summary>
    public SingleOutputStreamOperator<TOut> Map<TOut>(Func<T1, TOut> map1, Func<T2, TOut> map2) =>
        Process(new CoMap<TOut>(map1, map2));

    private sealed class CoMap<TOut>(Func<T1, TOut> map1, Func<T2, TOut> map2) : CoProcessFunction<T1, T2, TOut>
    {
        public override void ProcessElement1(T1 value, Context context, ICollector<TOut> output) => output.Collect(map1(value));

        public override void ProcessElement2(T2 value, Context context, ICollector<TOut> output) => output.Collect(map2(value));
    }
}

/// <summary>Two streams keyed the same way (Flink's ConnectedStreams of two KeyedStreams).</summary>
public sealed class KeyedConnectedStreams<T1, T2, TKey> where TKey : notnull
{
    internal KeyedConnectedStreams(KeyedStream<T1, TKey> first, KeyedStream<T2, TKey> second)
    {
        if (first.Environment != second.Environment)
            throw new ArgumentException("The two streams must belong to the same StreamExecutionEnvironment.", nameof(second));
        First = first;
        Second = second;
    }

    public KeyedStream<T1, TKey> First { get; }

    public KeyedStream<T2, TKey> Second { get; }

    public SingleOutputStreamOperator<TOut> Process<TOut>(KeyedCoProcessFunction<TKey, T1, T2, TOut> function)
    {
        var key1 = First.KeySelector;
        var key2 = Second.KeySelector;
        return TwoInput.Add<T1, T2, TOut>(First, Second, "KeyedCo-Process",
            () => new KeyedCoProcessOperator<TKey, T1, T2, TOut>(FunctionCopier.ForSubtask(function), key1, key2), keyed: true);
    }
}

/// <summary>Adds a two-input operator to the plan.</summary>
internal static class TwoInput
{
    public static SingleOutputStreamOperator<TOut> Add<T1, T2, TOut>(DataStream<T1> first, DataStream<T2> second, string name, Func<IStreamOperator> factory, bool keyed)
    {
        var env = first.Environment;
        var t = new TwoInputTransformation(env.NextId(), name, first.Transformation, second.Transformation, DataType.Of<TOut>(), factory, -1) { IsKeyed = keyed };
        env.AddOperator(t);
        return new SingleOutputStreamOperator<TOut>(env, t);
    }
}
