using Brook.Core.Hashing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>What a task's chain is built from.</summary>
/// <param name="WaitsForFinalCheckpoint">Whether the task waits for a final checkpoint after its input ended (FLIP-147).</param>
/// <param name="Checkpointed">Whether the job checkpoints periodically (an interval is set); every task takes manual checkpoints either way.</param>
internal sealed record ChainContext(
    JobVertex Vertex,
    int SubtaskIndex,
    ITaskShuffle Shuffle,
    Func<int, ISplitEnumeratorGateway> SplitEnumerators,
    StreamingRuntimeContext RuntimeContext,
    ProcessingTimeService ProcessingTime,
    Mailbox Mailbox,
    TaskMetrics Metrics,
    CancellationToken Cancellation,
    TimeProvider Time,
    bool FlushAlways,
    IStateBackend? StateBackend,
    bool Checkpointed = false,
    Checkpointing.JobManagerTaskRestore? Restore = null,
    MetricGroup? TaskMetricGroup = null,
    bool WaitsForFinalCheckpoint = false);

/// <summary>
/// The operators of one task, wired together (Flink's OperatorChain): chained edges become direct calls,
/// other edges record writers into the job's channels. Built and driven on the task thread.
/// </summary>
internal sealed class OperatorChain
{
    private readonly ChainContext _ctx;
    private readonly Dictionary<int, IStreamOperator> _operators = new();
    private readonly List<IRecordWriter> _writers = [];
    private readonly List<IStreamOperator> _opened = [];
    private readonly Dictionary<int, Action> _chainedEndInputs = new();
    private readonly Dictionary<int, Checkpointing.OperatorStateTracker> _stateTrackers = new();
    private readonly Dictionary<int, OperatorIOMetrics> _io = new();
    private readonly Dictionary<int, MetricGroup> _metricGroups = new();

    public OperatorChain(ChainContext ctx)
    {
        _ctx = ctx;
        foreach (var node in ctx.Vertex.ChainedNodes) _operators[node.Id] = CreateOperator(node);
        if (ctx.TaskMetricGroup is { } taskGroup)
        {
            foreach (var node in ctx.Vertex.ChainedNodes)
            {
                _io[node.Id] = new OperatorIOMetrics();
                _metricGroups[node.Id] = taskGroup.Registry.CreateOperatorGroup(taskGroup, ctx.Vertex.OperatorIds[node.Id].Hex, node.OperatorName);
            }
        }
        // Tail first, so every output's target operator exists when its producer is set up.
        for (var i = ctx.Vertex.ChainedNodes.Count - 1; i >= 0; i--)
        {
            var node = ctx.Vertex.ChainedNodes[i];
            node.OutputType.Accept(new SetupVisitor(this, node));
        }
        if (ctx.TaskMetricGroup is not null) RegisterOperatorMetrics();
    }

    /// <summary>Records the source head emitted (a source task's records in, as Flink counts them); null for other tasks or without metrics.</summary>
    public Func<long>? SourceRecordsEmitted =>
        _ctx.Vertex.Head.Kind == StreamNodeKind.Source && _io.TryGetValue(_ctx.Vertex.Head.Id, out var io) ? () => Volatile.Read(ref io.NumRecordsOut) : null;

    /// <summary>
    /// Each operator's records and watermarks: the head reads what the task measured at its inputs, the others what the
    /// counting outputs of the chain saw; a source head also gets its lag and idle time.
    /// </summary>
    private void RegisterOperatorMetrics()
    {
        var task = _ctx.Metrics;
        var head = _ctx.Vertex.Head;
        foreach (var node in _ctx.Vertex.ChainedNodes)
        {
            var io = _io[node.Id];
            var group = _metricGroups[node.Id];
            Func<long> recordsIn = () => Volatile.Read(ref io.NumRecordsIn);
            Func<long> inputWatermark = () => Volatile.Read(ref io.CurrentInputWatermark);
            if (node == head && node.Kind == StreamNodeKind.Source)
            {
                recordsIn = () => Volatile.Read(ref io.NumRecordsOut);
                TaskSystemMetrics.RegisterSource(group, io, task, _ctx.Time);
            }
            else if (node == head)
            {
                recordsIn = () => Volatile.Read(ref task.NumRecordsIn);
                inputWatermark = () => Volatile.Read(ref task.CurrentInputWatermark);
            }
            Func<long> outputWatermark = node.OutEdges.Count == 0
                ? () => Volatile.Read(ref task.CurrentOutputWatermark)
                : () => Volatile.Read(ref io.CurrentOutputWatermark);
            TaskSystemMetrics.RegisterOperator(group, recordsIn, () => Volatile.Read(ref io.NumRecordsOut), inputWatermark, outputWatermark);
        }
    }

    public IStreamOperator Head => _operators[_ctx.Vertex.Head.Id];

    public IReadOnlyList<IRecordWriter> Writers => _writers;

    /// <summary>Every operator head to tail with its id and, in a checkpointed task, the state it snapshots.</summary>
    public IReadOnlyList<(string OperatorId, IStreamOperator Operator, Checkpointing.OperatorStateTracker? State)> OperatorsForCheckpoint =>
        _ctx.Vertex.ChainedNodes.Select(n => (_ctx.Vertex.OperatorIds[n.Id].Hex, _operators[n.Id], _stateTrackers.GetValueOrDefault(n.Id))).ToList();

    private Checkpointing.OperatorRestoreState? RestoreOf(StreamNode node) => _ctx.Restore?.Operators.GetValueOrDefault(_ctx.Vertex.OperatorIds[node.Id].Hex);

    /// <summary>
    /// The state backend an operator gets: one that restores and keeps its backends, in every task, since a job
    /// without periodic checkpoints still takes manual ones (the wrapper costs nothing per record).
    /// </summary>
    private IStateBackend StateBackendFor(StreamNode node)
    {
        var tracker = new Checkpointing.OperatorStateTracker(_ctx.Vertex.OperatorIds[node.Id].Hex, _ctx.StateBackend ?? new State.HashMapStateBackend(), RestoreOf(node));
        _stateTrackers[node.Id] = tracker;
        return tracker;
    }

    /// <summary>A task restored as finished: its operators do not run, but sinks commit what its final checkpoint prepared.</summary>
    public void RestoreFinished()
    {
        foreach (var node in _ctx.Vertex.ChainedNodes)
        {
            if (_operators[node.Id] is IFinishedOnRestoreOperator finished) finished.RestoreFinished();
        }
    }

    /// <summary>
    /// Ends every output: after <see cref="FinishOperators"/>, for a task restored as finished (its operators do not
    /// run again), and after a stop-with-savepoint (downstream only learns that its outputs ended).
    /// </summary>
    public void EndOutputsWithoutRunning()
    {
        foreach (var w in _writers) w.BroadcastEndOfPartition();
    }

    private IStreamOperator CreateOperator(StreamNode node)
    {
        if (node.Kind == StreamNodeKind.Source)
            return node.Source!.Accept(new SourceOperatorFactory(_ctx.SplitEnumerators(node.Id), _ctx.Mailbox, _ctx.Time, RestoreOf(node)?.SourceSplits,
                _ctx.Shuffle.ClusterPartitions));
        var op = node.OperatorFactory!();
        op.ChainingStrategy = node.ChainingStrategy;
        return op;
    }

    /// <summary>Opens operators tail first, so downstream operators are ready before upstream ones emit.</summary>
    public void Open()
    {
        for (var i = _ctx.Vertex.ChainedNodes.Count - 1; i >= 0; i--)
        {
            var op = _operators[_ctx.Vertex.ChainedNodes[i].Id];
            _opened.Add(op);
            op.Open();
        }
    }

    /// <summary>
    /// The head's inputs have ended (its EndInput already ran): finish head to tail, ending each chained
    /// operator's input as its predecessor finishes, then flush and end every output partition.
    /// </summary>
    public void FinishAll()
    {
        FinishOperators();
        EndOutputsWithoutRunning();
    }

    /// <summary>Finishes head to tail (chained inputs ended as their predecessors finish) and flushes, leaving the outputs open.</summary>
    public void FinishOperators()
    {
        var first = true;
        foreach (var node in _ctx.Vertex.ChainedNodes)
        {
            var op = _operators[node.Id];
            if (!first && _chainedEndInputs.TryGetValue(node.Id, out var endInput)) endInput();
            first = false;
            op.Finish();
        }
        foreach (var w in _writers) w.FlushAll();
    }

    public void FlushOutputs()
    {
        foreach (var w in _writers) w.FlushAll();
    }

    /// <summary>Closes every opened operator head to tail; the first failure is rethrown after all closed.</summary>
    public void Close()
    {
        Exception? first = null;
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            try
            {
                _opened[i].Close();
            }
            catch (Exception ex)
            {
                first ??= ex;
            }
        }
        if (first is not null) throw first;
    }

    private sealed class SetupVisitor(OperatorChain chain, StreamNode node) : IDataTypeVisitor<bool>
    {
        public bool Visit<T>()
        {
            var ctx = chain._ctx;
            var mains = new List<Output<T>>();
            var sides = new Dictionary<string, object>();
            var sideWatermarks = new List<Action<Watermark>>();
            foreach (var group in node.OutEdges.Where(e => e.SideOutputTag is not null).GroupBy(e => e.SideOutputTag!.Id))
            {
                var side = (ISideOutput)group.First().Type.Accept(new SideVisitor(chain, group.ToList()));
                sides[group.Key] = side.Output;
                sideWatermarks.Add(side.EmitWatermark);
            }
            foreach (var e in node.OutEdges.Where(e => e.SideOutputTag is null)) mains.Add(chain.OutputFor<T>(e));
            Output<T> main = mains.Count switch
            {
                0 => new DiscardingOutput<T>(ctx.Metrics),
                1 => mains[0],
                _ => new BroadcastingOutput<T>(mains.ToArray()),
            };
            var output = sides.Count == 0 ? main : new SideOutputRouter<T>(main, sides, sideWatermarks);
            var op = (IStreamOperator<T>)chain._operators[node.Id];
            var keyGroups = KeyGroupRangeAssignment.RangeForOperatorIndex(node.MaxParallelism, ctx.Vertex.Parallelism, ctx.SubtaskIndex);
            op.Setup(new StreamOperatorParameters<T>
            {
                Output = output,
                RuntimeContext = chain._metricGroups.TryGetValue(node.Id, out var metricGroup) ? new OperatorRuntimeContext(ctx.RuntimeContext, metricGroup) : ctx.RuntimeContext,
                ProcessingTimeService = ctx.ProcessingTime,
                OperatorId = ctx.Vertex.OperatorIds[node.Id].Hex,
                MaxParallelism = node.MaxParallelism,
                KeyGroupRange = keyGroups,
                StateBackend = chain.StateBackendFor(node),
                IsRestored = chain.RestoreOf(node) is not null,
                IsCheckpointingEnabled = ctx.Checkpointed,
                WaitsForFinalCheckpoint = ctx.WaitsForFinalCheckpoint,
            });
            return true;
        }
    }

    private interface ISideOutput
    {
        object Output { get; }

        void EmitWatermark(Watermark w);
    }

    private sealed class SideVisitor(OperatorChain chain, List<StreamEdge> edges) : IDataTypeVisitor<object>
    {
        public object Visit<TSide>()
        {
            var outs = edges.Select(chain.OutputFor<TSide>).ToArray();
            Output<TSide> o = outs.Length == 1 ? outs[0] : new BroadcastingOutput<TSide>(outs);
            return new SideOutput<TSide>(o);
        }
    }

    private sealed class SideOutput<TSide>(Output<TSide> output) : ISideOutput
    {
        public object Output => output;

        public void EmitWatermark(Watermark w) => output.EmitWatermark(w);
    }

    private Output<T> OutputFor<T>(StreamEdge e)
    {
        var output = UncountedOutputFor<T>(e);
        if (!_io.TryGetValue(e.Source.Id, out var producer)) return output;
        var consumer = _ctx.Vertex.Contains(e.Target) ? _io[e.Target.Id] : null;
        return e.Source.Kind == StreamNodeKind.Source
            ? new SourceCountingOutput<T>(output, producer, consumer)
            : new CountingOutput<T>(output, producer, consumer);
    }

    private Output<T> UncountedOutputFor<T>(StreamEdge e)
    {
        if (_ctx.Vertex.Contains(e.Target))
        {
            var next = (IOneInputStreamOperator<T>)_operators[e.Target.Id];
            _chainedEndInputs[e.Target.Id] = next.EndInput;
            // Targets are set up before their predecessors (tail first), so a fused input can use the target's output.
            return next is IFusibleOperator<T> fusible ? fusible.CreateFusedInput() : new ChainingOutput<T>(next);
        }
        var jobEdge = _ctx.Vertex.Outputs.First(j => j.StreamEdge == e);
        var writer = new RecordWriter<T>(_ctx.Shuffle.ProducerChannels<T>(jobEdge, _ctx.SubtaskIndex), e.Partitioner, _ctx.SubtaskIndex,
            _ctx.Vertex.Parallelism, _ctx.FlushAlways, _ctx.Metrics, _ctx.Cancellation, _ctx.Time);
        _writers.Add(writer);
        return new RecordWriterOutput<T>(writer);
    }

    private sealed class SourceOperatorFactory(ISplitEnumeratorGateway enumerator, Mailbox mailbox, TimeProvider time, IReadOnlyList<byte[]>? restoredSplits,
        Partitions.ResourceManagerPartitionTracker? clusterPartitions)
        : ISourceVisitor<IStreamOperator>
    {
        public IStreamOperator Visit<T, TSplit>(Streaming.Sources.ISource<T, TSplit> source) where TSplit : Streaming.Sources.ISourceSplit =>
            new SourceOperator<T, TSplit>(source, enumerator as ISplitEnumeratorGateway<TSplit>
                    ?? throw new InvalidOperationException($"The split enumerator gateway {enumerator.GetType().Name} does not carry {typeof(TSplit).Name} splits."),
                mailbox, time, restoredSplits, clusterPartitions)
            {
                ChainingStrategy = ChainingStrategy.Head,
            };
    }
}
