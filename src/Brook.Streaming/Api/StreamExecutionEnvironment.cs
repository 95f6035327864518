using Brook.Core.Configuration;
using Brook.Core.Hashing;
using Brook.Streaming.Execution;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.Sources;

namespace Brook.Streaming;

/// <summary>
/// The entry point of a job program (Flink's StreamExecutionEnvironment): creates sources, collects the
/// transformations the program builds, and executes them through an <see cref="IPipelineExecutor"/>:
/// the one a host installed (<see cref="StreamContextEnvironment"/>), else an embedded local cluster.
/// </summary>
public sealed partial class StreamExecutionEnvironment
{
    private readonly List<Transformation> _transformations = [];
    private readonly IPipelineExecutor? _executor;
    private readonly bool _detachedContext;
    private int _nextId;
    private int _parallelism;
    private int _maxParallelism;
    private bool _chainingEnabled = true;
    private TimeSpan _bufferTimeout;

    private StreamExecutionEnvironment(Configuration configuration, IPipelineExecutor? executor, bool detachedContext)
    {
        Configuration = configuration;
        _executor = executor;
        _detachedContext = detachedContext;
        _parallelism = configuration.Get(CoreOptions.ParallelismDefault);
        _maxParallelism = configuration.Get(CoreOptions.MaxParallelism);
        _bufferTimeout = configuration.Get(CoreOptions.BufferTimeout);
    }

    /// <summary>
    /// The environment of the current context: the host's (cluster submission, plan capture) if one is
    /// installed, else one that runs on an embedded local cluster.
    /// </summary>
    public static StreamExecutionEnvironment GetExecutionEnvironment(Configuration? configuration = null)
    {
        var context = StreamContextEnvironment.Current;
        if (context is not null)
        {
            var conf = (context.Configuration ?? new Configuration()).Copy();
            if (configuration is not null)
            {
                foreach (var (k, v) in configuration.Entries()) conf.SetRaw(k, v);
            }
            return new StreamExecutionEnvironment(conf, context.Executor, context.Detached);
        }
        return new StreamExecutionEnvironment(configuration?.Copy() ?? new Configuration(), null, false);
    }

    /// <summary>An environment with an explicit executor (tests, benchmarks, embedding hosts).</summary>
    public static StreamExecutionEnvironment Create(IPipelineExecutor executor, Configuration? configuration = null) =>
        new(configuration?.Copy() ?? new Configuration(), executor, false);

    public Configuration Configuration { get; }

    public int Parallelism => _parallelism;

    public int MaxParallelism => _maxParallelism;

    public IStateBackend? StateBackend { get; private set; }

    /// <summary>This job's checkpointing settings, stored in <see cref="Configuration"/> under Flink's keys.</summary>
    public CheckpointConfig CheckpointConfig => new(Configuration);

    /// <summary>Takes a checkpoint every <paramref name="interval"/> (Flink's enableCheckpointing).</summary>
    public StreamExecutionEnvironment EnableCheckpointing(TimeSpan interval, CheckpointingMode mode = CheckpointingMode.EXACTLY_ONCE)
    {
        var config = CheckpointConfig;
        config.Interval = interval;
        config.Mode = mode;
        return this;
    }

    public StreamExecutionEnvironment SetParallelism(int parallelism)
    {
        if (parallelism < 1) throw new ArgumentOutOfRangeException(nameof(parallelism), "The parallelism must be at least 1.");
        _parallelism = parallelism;
        return this;
    }

    public StreamExecutionEnvironment SetMaxParallelism(int maxParallelism)
    {
        if (maxParallelism is < 1 or > KeyGroupRangeAssignment.UpperBoundMaxParallelism)
            throw new ArgumentOutOfRangeException(nameof(maxParallelism), $"The max parallelism must be in 1..{KeyGroupRangeAssignment.UpperBoundMaxParallelism}.");
        _maxParallelism = maxParallelism;
        return this;
    }

    /// <summary>execution.buffer-timeout.interval for this job: zero flushes after every record.</summary>
    public StreamExecutionEnvironment SetBufferTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout));
        _bufferTimeout = timeout;
        return this;
    }

    /// <summary>execution.runtime-mode for this job: STREAMING, BATCH or AUTOMATIC (BATCH when every source is bounded).</summary>
    public RuntimeExecutionMode RuntimeMode => Configuration.Get(ExecutionOptions.RuntimeMode);

    /// <summary>Sets execution.runtime-mode (Flink's setRuntimeMode).</summary>
    public StreamExecutionEnvironment SetRuntimeMode(RuntimeExecutionMode mode)
    {
        Configuration.Set(ExecutionOptions.RuntimeMode, mode);
        return this;
    }

    public StreamExecutionEnvironment DisableOperatorChaining()
    {
        _chainingEnabled = false;
        return this;
    }

    public StreamExecutionEnvironment SetStateBackend(IStateBackend backend)
    {
        StateBackend = backend;
        return this;
    }

    internal int NextId() => ++_nextId;

    internal void AddOperator(Transformation transformation) => _transformations.Add(transformation);

    /// <summary>A stream from a FLIP-27 source.</summary>
    public DataStreamSource<T> FromSource<T, TSplit>(ISource<T, TSplit> source, string sourceName, int parallelism = -1)
        where TSplit : ISourceSplit
    {
        var t = new SourceTransformation<T, TSplit>(NextId(), sourceName, source, parallelism) { ChainingStrategy = ChainingStrategy.Head };
        AddOperator(t);
        return new DataStreamSource<T>(this, t);
    }

    /// <summary>The numbers from..to, inclusive, split over the subtasks.</summary>
    public DataStreamSource<long> FromSequence(long from, long to) => FromSource(new NumberSequenceSource(from, to), "Sequence");

    /// <summary>The given elements, read in parallel as <see cref="FromCollection{T}(IEnumerable{T})"/>.</summary>
    public DataStreamSource<T> FromElements<T>(params T[] elements) => FromCollection(elements);

    /// <summary>
    /// The collection's elements, read in parallel: each source subtask reads a contiguous range of indices, in
    /// order (Flink reads a collection with one subtask; <c>.SetParallelism(1)</c> on the source gives that total
    /// order). A list or array is read in place, not copied: leave it unchanged until the job ends. Any other
    /// sequence is enumerated once, here, into an array.
    /// </summary>
    public DataStreamSource<T> FromCollection<T>(IEnumerable<T> elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return FromSource(new CollectionSource<T>(elements as IReadOnlyList<T> ?? elements.ToArray()), "Collection");
    }

    /// <summary>generator(i) for i in [0, count); long.MaxValue means unbounded; optional total records per second.</summary>
    public DataStreamSource<T> FromGenerator<T>(Func<long, T> generator, long count = long.MaxValue, double? recordsPerSecond = null) =>
        FromSource(new DataGeneratorSource<T>(generator, count, recordsPerSecond), "Data Generator");

    /// <summary>The lines of a file, or of every file in a directory (one split per file).</summary>
    public DataStreamSource<string> ReadTextFile(string path) => FromSource(new TextFileSource(path), "TextFile");

    /// <summary>Lines read from a TCP socket until the peer closes it (parallelism 1).</summary>
    public DataStreamSource<string> SocketTextStream(string host, int port, char delimiter = '\n') =>
        FromSource(new SocketTextSource(host, port, delimiter), "Socket Stream", parallelism: 1);

    /// <summary>The StreamGraph of what was built so far; clears the environment's transformations (as Flink does).</summary>
    public StreamGraph GetStreamGraph(string jobName = "Brook Streaming Job")
    {
        var graph = new StreamGraphGenerator(_transformations, jobName, Configuration, _parallelism, _maxParallelism, _chainingEnabled, _bufferTimeout, StateBackend).Generate();
        _transformations.Clear();
        return graph;
    }

    /// <summary>
    /// Whether the program runs detached: submitted through a cluster's /jars/:jarid/run (or `brook run`), where
    /// <see cref="ExecuteAsync(string, CancellationToken)"/> returns at submission and the program must not wait for
    /// its job; false under `dotnet run` (an embedded local cluster), where the program may follow its job.
    /// </summary>
    public bool IsDetached => _detachedContext;

    /// <summary>Runs the job and waits for it to end. In a detached context (cluster run mode) returns at once.</summary>
    public async Task<JobExecutionResult> ExecuteAsync(string jobName = "Brook Streaming Job", CancellationToken cancellationToken = default)
    {
        var client = await ExecuteDetachedAsync(jobName, cancellationToken).ConfigureAwait(false);
        if (_detachedContext) return JobExecutionResult.ForDetached(client.JobId);
        return await client.GetJobExecutionResultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the job; detached, returns once it is submitted with a detached result (no runtime, no accumulators).</summary>
    public async Task<JobExecutionResult> ExecuteAsync(string jobName, bool detached, CancellationToken cancellationToken = default)
    {
        if (!detached) return await ExecuteAsync(jobName, cancellationToken).ConfigureAwait(false);
        var client = await ExecuteDetachedAsync(jobName, cancellationToken).ConfigureAwait(false);
        return JobExecutionResult.ForDetached(client.JobId);
    }

    /// <summary>Submits the job and returns once it is submitted, with a client to follow or cancel it.</summary>
    public async Task<IJobClient> ExecuteDetachedAsync(string jobName = "Brook Streaming Job", CancellationToken cancellationToken = default)
    {
        var executor = Executor;
        await SynchronizeClusterDatasetStatusAsync(executor, cancellationToken).ConfigureAwait(false);
        var graph = GetStreamGraph(jobName);
        return await executor.ExecuteAsync(graph, cancellationToken).ConfigureAwait(false);
    }
}
