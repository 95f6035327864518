using Brook.Streaming.Functions;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.Sinks;
using Brook.Streaming.State;

namespace Brook.Streaming;

/// <summary>A stream of elements of type <typeparamref name="T"/> (Flink's DataStream).</summary>
public class DataStream<T>
{
    internal DataStream(StreamExecutionEnvironment environment, Transformation transformation)
    {
        Environment = environment;
        Transformation = transformation;
    }

    public StreamExecutionEnvironment Environment { get; }

    /// <summary>The transformation producing this stream (for API extensions such as windows).</summary>
    public Transformation Transformation { get; }

    public int Parallelism => Transformation.Parallelism > 0 ? Transformation.Parallelism : Environment.Parallelism;

    public SingleOutputStreamOperator<TOut> Map<TOut>(Func<T, TOut> map) => Transform<TOut>("Map", () => new StreamMap<T, TOut>(map));

    public SingleOutputStreamOperator<TOut> Map<TOut>(IMapFunction<T, TOut> function) =>
        Transform<TOut>("Map", () => new StreamMap<T, TOut>(FunctionCopier.ForSubtask(function)));

    public SingleOutputStreamOperator<T> Filter(Func<T, bool> filter) => Transform<T>("Filter", () => new StreamFilter<T>(filter));

    public SingleOutputStreamOperator<T> Filter(IFilterFunction<T> function) =>
        Transform<T>("Filter", () => new StreamFilter<T>(FunctionCopier.ForSubtask(function)));

    public SingleOutputStreamOperator<TOut> FlatMap<TOut>(Action<T, ICollector<TOut>> flatMap) =>
        Transform<TOut>("Flat Map", () => new StreamFlatMap<T, TOut>(flatMap));

    /// <summary>FlatMap with a function returning the outputs (convenient for lambdas).</summary>
    public SingleOutputStreamOperator<TOut> FlatMap<TOut>(Func<T, IEnumerable<TOut>> flatMap) =>
        Transform<TOut>("Flat Map", () => new StreamFlatMap<T, TOut>((v, c) =>
        {
            foreach (var o in flatMap(v)) c.Collect(o);
        }));

    public SingleOutputStreamOperator<TOut> FlatMap<TOut>(IFlatMapFunction<T, TOut> function) =>
        Transform<TOut>("Flat Map", () => new StreamFlatMap<T, TOut>(FunctionCopier.ForSubtask(function)));

    public SingleOutputStreamOperator<TOut> Process<TOut>(ProcessFunction<T, TOut> function) =>
        Transform<TOut>("Process", () => new ProcessOperator<T, TOut>(FunctionCopier.ForSubtask(function)));

    /// <summary>Partitions by key: records with the same key go to the same subtask (key groups of max parallelism).</summary>
    public KeyedStream<T, TKey> KeyBy<TKey>(Func<T, TKey> keySelector) where TKey : notnull => new(this, keySelector);

    public DataStream<T> Union(params DataStream<T>[] others)
    {
        var inputs = new List<Transformation> { Transformation };
        inputs.AddRange(others.Select(o => o.Transformation));
        return new DataStream<T>(Environment, new UnionTransformation(Environment.NextId(), inputs));
    }

    /// <summary>Connects this stream with another for a two-input operator.</summary>
    public ConnectedStreams<T, T2> Connect<T2>(DataStream<T2> other) => new(this, other);

    public DataStream<T> Rebalance() => Partition(StreamPartitioner.Rebalance);

    public DataStream<T> Rescale() => Partition(StreamPartitioner.Rescale);

    public DataStream<T> Shuffle() => Partition(StreamPartitioner.Shuffle);

    public DataStream<T> Broadcast() => Partition(StreamPartitioner.Broadcast);

    /// <summary>
    /// Sends this stream to every subtask of the operator it is connected to, which keeps the given
    /// broadcast states (Flink's broadcast state pattern; connect it with <see cref="Connect{T2}(BroadcastStream{T2})"/>).
    /// </summary>
    public BroadcastStream<T> Broadcast(params MapStateDescriptor[] descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        if (descriptors.Length == 0) throw new ArgumentException("A broadcast stream needs at least one broadcast state descriptor.", nameof(descriptors));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in descriptors)
        {
            ArgumentNullException.ThrowIfNull(d, nameof(descriptors));
            if (!names.Add(d.Name)) throw new ArgumentException($"Broadcast state '{d.Name}' is declared twice.", nameof(descriptors));
        }
        return new BroadcastStream<T>(Broadcast(), [.. descriptors]);
    }

    /// <summary>Connects this stream with a broadcast stream, for a (keyed) broadcast process function.</summary>
    public BroadcastConnectedStream<T, T2> Connect<T2>(BroadcastStream<T2> broadcastStream)
    {
        ArgumentNullException.ThrowIfNull(broadcastStream);
        return new BroadcastConnectedStream<T, T2>(this, broadcastStream);
    }

    public DataStream<T> Forward() => Partition(StreamPartitioner.Forward);

    public DataStream<T> Global() => Partition(StreamPartitioner.Global);

    private DataStream<T> Partition(StreamPartitioner partitioner) =>
        new(Environment, new PartitionTransformation(Environment.NextId(), Transformation, partitioner));

    /// <summary>Prints every element (Flink's print(): "N> " prefix when the sink runs with parallelism above 1).</summary>
    public DataStreamSink<T> Print(string? sinkIdentifier = null) => SinkTo(new PrintSink<T>(sinkIdentifier));

    public DataStreamSink<T> PrintToErr(string? sinkIdentifier = null) => SinkTo(new PrintSink<T>(sinkIdentifier, stdErr: true));

    public DataStreamSink<T> WriteAsText(string path) => SinkTo(new TextFileSink<T>(path));

    public DataStreamSink<T> SinkTo(ISink<T> sink, string? name = null)
    {
        var t = new OneInputTransformation(Environment.NextId(), name ?? sink.Name, Transformation, DataType.Of<object>(),
            () => new SinkWriterOperator<T>(FunctionCopier.ForSubtask(sink)), -1) { IsSink = true };
        Environment.AddOperator(t);
        return new DataStreamSink<T>(t);
    }

    /// <summary>
    /// Runs the job and streams its records back into the program (Flink's executeAndCollect):
    /// <c>await foreach (var x in stream.ExecuteAndCollectAsync()) ...</c>. The job is submitted when the
    /// enumeration starts; it ends when the job finishes and every record was read. A failed job throws its
    /// <see cref="Execution.JobExecutionException"/>; stopping early (break, an exception, the token) cancels the
    /// job and waits for it to end. Every subtask of the stream delivers its records, each subtask's in order.
    /// Records come straight from the running tasks: after a restart of the job (a failure under a restart
    /// strategy) the restarted sources' records are delivered again. Needs an attached program (<c>dotnet run</c>);
    /// in a detached submission (<see cref="StreamExecutionEnvironment.IsDetached"/>) the enumeration throws.
    /// </summary>
    public IAsyncEnumerable<T> ExecuteAndCollectAsync(string jobName = "DataStream Collect") =>
        new Collect.CollectedStream<T>(this, jobName);

    /// <summary>
    /// Runs the job until it has produced <paramref name="limit"/> records (then cancels it) or finishes, and
    /// returns those records (Flink's executeAndCollect(limit)); for an unbounded source, the way to take a sample.
    /// </summary>
    public async Task<List<T>> ExecuteAndCollectAsync(int limit, string jobName = "DataStream Collect", CancellationToken cancellationToken = default)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "Limit must be greater than 0.");
        var results = new List<T>();
        await foreach (var value in ExecuteAndCollectAsync(jobName).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            results.Add(value);
            if (results.Count == limit) break;
        }
        return results;
    }

    /// <summary>Adds a custom one-input operator; <paramref name="operatorFactory"/> is called once per subtask.</summary>
    public SingleOutputStreamOperator<TOut> Transform<TOut>(string operatorName, Func<IOneInputStreamOperator<T>> operatorFactory) =>
        AddOneInput<TOut>(operatorName, operatorFactory, keyed: false);

    /// <summary>A one-input operator with another operator for BATCH execution.</summary>
    internal SingleOutputStreamOperator<TOut> Transform<TOut>(string operatorName, Func<IOneInputStreamOperator<T>> operatorFactory,
        Func<IOneInputStreamOperator<T>> batchOperatorFactory) =>
        AddOneInput<TOut>(operatorName, operatorFactory, keyed: false, batchOperatorFactory);

    private protected SingleOutputStreamOperator<TOut> AddOneInput<TOut>(string operatorName, Func<IOneInputStreamOperator<T>> operatorFactory, bool keyed,
        Func<IOneInputStreamOperator<T>>? batchOperatorFactory = null)
    {
        var t = new OneInputTransformation(Environment.NextId(), operatorName, Transformation, DataType.Of<TOut>(), () => operatorFactory(), -1)
        {
            IsKeyed = keyed,
            BatchOperatorFactory = batchOperatorFactory is null ? null : () => batchOperatorFactory(),
        };
        Environment.AddOperator(t);
        return new SingleOutputStreamOperator<TOut>(Environment, t);
    }
}
