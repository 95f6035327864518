using Brook.Core.Configuration;
using Brook.Core.Hashing;
using Brook.Streaming.Operators;

namespace Brook.Streaming.Graph;

/// <summary>
/// Turns the transformations a program built into a StreamGraph (Flink's StreamGraphGenerator): physical
/// transformations become nodes with resolved parallelism; partitioning, union and side-output
/// transformations become properties of the edges between them.
/// </summary>
internal sealed class StreamGraphGenerator(
    IReadOnlyList<Transformation> sinks,
    string jobName,
    Configuration configuration,
    int defaultParallelism,
    int maxParallelism,
    bool chainingEnabled,
    TimeSpan bufferTimeout,
    IStateBackend? stateBackend)
{
    private readonly Dictionary<int, List<Endpoint>> _done = new();
    private readonly Dictionary<int, StreamNode> _nodes = new();
    private JobType _jobType;

    public StreamGraph Generate()
    {
        if (sinks.Count == 0)
            throw new InvalidOperationException("No operators defined in streaming topology. Cannot execute.");
        // Resolved before translation, as Flink's StreamGraphGenerator: BATCH picks other operators for keyed transformations.
        _jobType = ResolveJobType(configuration.Get(ExecutionOptions.RuntimeMode), SourcesOf(sinks));
        foreach (var t in sinks) Transform(t);
        var nodes = _nodes.Values.OrderBy(n => n.Id).ToList();
        return new StreamGraph
        {
            JobType = _jobType,
            JobName = jobName,
            Nodes = nodes,
            Configuration = configuration,
            ChainingEnabled = chainingEnabled,
            MaxParallelism = maxParallelism > 0 ? maxParallelism : -1,
            BufferTimeout = bufferTimeout,
            StateBackend = stateBackend,
        };
    }

    /// <summary>Flink's rule: AUTOMATIC is BATCH when every source is bounded; BATCH with an unbounded source is refused.</summary>
    internal static JobType ResolveJobType(RuntimeExecutionMode mode, IReadOnlyList<StreamNode> nodes) =>
        ResolveJobType(mode, nodes.Where(n => n.Kind == StreamNodeKind.Source).Select(n => n.Source!));

    private static JobType ResolveJobType(RuntimeExecutionMode mode, IEnumerable<ISourceTransformation> sources)
    {
        var allBounded = sources.All(s => s.Boundedness == Sources.Boundedness.Bounded);
        return mode switch
        {
            RuntimeExecutionMode.STREAMING => JobType.STREAMING,
            RuntimeExecutionMode.AUTOMATIC => allBounded ? JobType.BATCH : JobType.STREAMING,
            _ when allBounded => JobType.BATCH,
            _ => throw new InvalidOperationException(
                $"Detected an UNBOUNDED source with the '{ExecutionOptions.RuntimeMode.Key}' set to 'BATCH'. This combination is not allowed, please set the '{ExecutionOptions.RuntimeMode.Key}' to STREAMING or AUTOMATIC"),
        };
    }

    private static IEnumerable<ISourceTransformation> SourcesOf(IEnumerable<Transformation> sinks)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<Transformation>(sinks);
        while (pending.TryPop(out var t))
        {
            if (!seen.Add(t.Id)) continue;
            if (t is ISourceTransformation source) yield return source;
            // A result cached by an earlier job is read back, not recomputed: what feeds it does not run.
            if (t is Cache.CacheTransformation { IsCached: true }) continue;
            foreach (var input in t.Inputs) pending.Push(input);
        }
    }

    /// <summary>
    /// The operator a node runs: in BATCH the transformation's batch operator when it has one (final-only keyed
    /// aggregations, keyed operators behind a grouped input); a keyed operator without one is refused, since it would
    /// see its input unsorted and emit the running results a BATCH job must not.
    /// </summary>
    private Func<IStreamOperator> OperatorFor(Transformation t, Func<IStreamOperator> streaming, Func<IStreamOperator>? batch, bool keyed)
    {
        if (_jobType != JobType.BATCH) return streaming;
        if (batch is not null) return batch;
        if (keyed)
            throw new InvalidOperationException(
                $"The keyed operator '{t.Name}' cannot run in BATCH execution mode: it was added with a custom operator whose keys Brook cannot group by. " +
                $"Set '{ExecutionOptions.RuntimeMode.Key}' to STREAMING, or use the KeyedStream/ConnectedStreams methods that take key selectors.");
        return streaming;
    }

    /// <summary>The physical node an edge starts at, with the partitioner and side-output tag picked up on the way.</summary>
    private readonly record struct Endpoint(StreamNode Node, StreamPartitioner? Partitioner, IOutputTag? Tag, DataType Type);

    private List<Endpoint> Transform(Transformation t)
    {
        if (_done.TryGetValue(t.Id, out var known)) return known;
        List<Endpoint> result;
        switch (t)
        {
            case PartitionTransformation p:
                result = Transform(p.Input).Select(e => e with { Partitioner = p.Partitioner }).ToList();
                break;
            case UnionTransformation u:
                result = u.Inputs.SelectMany(Transform).ToList();
                break;
            case SideOutputTransformation s:
                result = Transform(s.Input).Select(e => e with { Tag = s.Tag, Type = s.Tag.DataType }).ToList();
                break;
            case Cache.CacheTransformation cache:
                result = TransformCache(cache);
                break;
            case ISourceTransformation src:
                result = [Physical(AddNode(t, StreamNodeKind.Source, null, src, false, false))];
                break;
            case OneInputTransformation one:
            {
                var inputs = Transform(one.Input);
                var node = AddNode(t, StreamNodeKind.OneInput, OperatorFor(t, one.OperatorFactory, one.BatchOperatorFactory, one.IsKeyed), null, one.IsKeyed, one.IsSink);
                foreach (var e in inputs) Connect(e, node, 1);
                result = [Physical(node)];
                break;
            }
            case TwoInputTransformation two:
            {
                var in1 = Transform(two.Input1);
                var in2 = Transform(two.Input2);
                var node = AddNode(t, StreamNodeKind.TwoInput, OperatorFor(t, two.OperatorFactory, two.BatchOperatorFactory, two.IsKeyed), null, two.IsKeyed, false);
                foreach (var e in in1) Connect(e, node, 1);
                foreach (var e in in2) Connect(e, node, 2);
                result = [Physical(node)];
                break;
            }
            default:
                throw new InvalidOperationException($"Unknown transformation {t}.");
        }
        _done[t.Id] = result;
        return result;
    }

    /// <summary>
    /// Flink's CacheTransformationTranslator: a cached result becomes a CacheRead source; an uncached one, in a batch job,
    /// a CacheWrite node (its own vertex) whose input edge carries the data set id, so the producer's blocking output
    /// stays as the cluster data set; consumers in the same job read the producer directly. A streaming job ignores it.
    /// </summary>
    private List<Endpoint> TransformCache(Cache.CacheTransformation cache)
    {
        if (cache.IsCached)
        {
            var source = cache.CreateCacheReadSource(cache.NumberOfPartitions);
            var read = AddNode((Transformation)source, StreamNodeKind.Source, null, source, false, false);
            return [Physical(read)];
        }
        var inputs = Transform(cache.Input);
        if (_jobType != JobType.BATCH) return inputs;
        var producer = inputs[0].Node;
        cache.NumberOfPartitions = producer.Parallelism;
        var write = new StreamNode
        {
            Id = cache.Id,
            OperatorName = "CacheWrite",
            Kind = StreamNodeKind.OneInput,
            Parallelism = producer.Parallelism,
            MaxParallelism = producer.MaxParallelism,
            ChainingStrategy = ChainingStrategy.Head,
            OutputType = DataType.Of<object>(),
            OperatorFactory = cache.CreateCacheWriteOperator,
        };
        _nodes[write.Id] = write;
        var from = inputs[0];
        var edge = new StreamEdge
        {
            Source = from.Node, Target = write, InputIndex = 1, Partitioner = StreamPartitioner.Forward, SideOutputTag = from.Tag, Type = from.Type,
            IntermediateDataSetId = cache.DatasetId,
        };
        from.Node.OutEdges.Add(edge);
        write.InEdges.Add(edge);
        return inputs;
    }

    private static Endpoint Physical(StreamNode node) => new(node, null, null, node.OutputType);

    private StreamNode AddNode(Transformation t, StreamNodeKind kind, Func<IStreamOperator>? factory, ISourceTransformation? source, bool keyed, bool sink)
    {
        var parallelism = t.Parallelism > 0 ? t.Parallelism : defaultParallelism;
        var max = t.MaxParallelism > 0 ? t.MaxParallelism : maxParallelism > 0 ? maxParallelism : KeyGroupRangeAssignment.DefaultMaxParallelism;
        if (parallelism > max)
            throw new InvalidOperationException($"Vertex {t.Name}'s parallelism ({parallelism}) is higher than the max parallelism ({max}). Please lower the parallelism or increase the max parallelism.");
        if (t.Uid is not null && _nodes.Values.Any(n => n.Uid == t.Uid))
            throw new InvalidOperationException($"Hash collision on user-specified ID \"{t.Uid}\". Most likely cause is a non-unique ID. Please check that all IDs specified via `Uid(String)` are unique.");
        var node = new StreamNode
        {
            Id = t.Id,
            OperatorName = kind == StreamNodeKind.Source ? "Source: " + t.Name : sink ? "Sink: " + t.Name : t.Name,
            Kind = kind,
            Parallelism = parallelism,
            MaxParallelism = max,
            Uid = t.Uid,
            ChainingStrategy = t.ChainingStrategy,
            OutputType = t.OutputType,
            OperatorFactory = factory,
            Source = source,
            IsKeyed = keyed,
            IsSink = sink,
        };
        _nodes[node.Id] = node;
        return node;
    }

    private static void Connect(Endpoint from, StreamNode to, int inputIndex)
    {
        var partitioner = from.Partitioner;
        if (partitioner is null)
        {
            partitioner = from.Node.Parallelism == to.Parallelism ? StreamPartitioner.Forward : StreamPartitioner.Rebalance;
        }
        else if (partitioner.Kind == PartitionerKind.Forward && from.Node.Parallelism != to.Parallelism)
        {
            throw new InvalidOperationException(
                $"Forward partitioning does not allow change of parallelism. Upstream operation: {from.Node} parallelism: {from.Node.Parallelism}, " +
                $"downstream operation: {to} parallelism: {to.Parallelism} You must use another partitioning strategy, such as broadcast, rebalance, shuffle or global.");
        }
        if (partitioner is IKeyedPartitioner keyed) partitioner = keyed.WithMaxParallelism(to.MaxParallelism);
        var edge = new StreamEdge { Source = from.Node, Target = to, InputIndex = inputIndex, Partitioner = partitioner, SideOutputTag = from.Tag, Type = from.Type };
        from.Node.OutEdges.Add(edge);
        to.InEdges.Add(edge);
    }
}

/// <summary>A key-group partitioner takes the key groups of the operator it feeds.</summary>
internal interface IKeyedPartitioner
{
    StreamPartitioner WithMaxParallelism(int maxParallelism);
}
