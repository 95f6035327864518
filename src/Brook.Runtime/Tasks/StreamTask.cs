using Brook.Core.States;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Streaming.Accumulators;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>
/// One subtask attempt (Flink's StreamTask): a dedicated thread running a mailbox loop over the operator
/// chain. Each turn runs pending mail (timers, split assignments, flushes), then one unit of input work;
/// with nothing to do it sleeps on a single signal. Reports INITIALIZING, RUNNING and its terminal state.
/// </summary>
internal sealed class StreamTask
{
    private readonly TaskDeploymentDescriptor _tdd;
    private readonly TimeProvider _time;
    private readonly InputSignal _signal = new();
    private readonly Mailbox _mailbox;
    private readonly CancellationTokenSource _cancel = new();
    private volatile bool _canceled;
    private int _flushPending;
    private StreamingRuntimeContext? _runtimeContext;
    private Checkpointing.SubtaskCheckpointCoordinator? _checkpoints;
    private Checkpointing.CheckpointBarrierHandler? _barrierHandler;
    private bool _isSourceTask;
    private IInputProcessor? _input;
    private OperatorChain? _chain;
    private Checkpointing.CheckpointBarrier? _synchronousSavepoint;
    private bool _endAfterSavepoint;
    private bool _operatorsFinished;
    private long? _finalCheckpointId;
    private bool _finalCheckpointCompleted;

    private readonly MetricGroup? _metricGroup;
    private readonly List<IBufferPoolUsage> _gates = [];

    public StreamTask(TaskDeploymentDescriptor tdd, TimeProvider time, MetricGroup? metricGroup = null)
    {
        _metricGroup = metricGroup;
        _tdd = tdd;
        _time = time;
        _mailbox = new Mailbox(_signal);
        Metrics = new TaskMetrics(time);
        var v = tdd.Vertex;
        // Flink's task thread name (TaskInfo.getTaskNameWithSubtasks), so thread dumps and samples name their subtask.
        ThreadName = TaskInfo.TaskNameWithSubtasks(v.Name, tdd.SubtaskIndex, v.Parallelism, tdd.AttemptNumber);
    }

    /// <summary>The task thread's name: "&lt;task name&gt; (&lt;i&gt;/&lt;n&gt;)#&lt;attempt&gt;".</summary>
    public string ThreadName { get; }

    /// <summary>The OS id of the task thread once it runs (what the runtime's stack sampler reports), else -1.</summary>
    public long OsThreadId => Volatile.Read(ref _osThreadId);

    private long _osThreadId = -1;

    /// <summary>The terminal state the task reported, once it ended.</summary>
    public ExecutionState? FinalState { get; private set; }

    /// <summary>The stdout of the TaskManager running this task (what the print sink writes to); null for the console.</summary>
    public TextWriter? Stdout { get; init; }

    public ExecutionAttemptId AttemptId => _tdd.AttemptId;

    public Core.Ids.JobId JobId => _tdd.JobId;

    public TaskMetrics Metrics { get; }

    /// <summary>Raised on the task thread once the task reached its terminal state.</summary>
    public event Action<StreamTask>? Terminated;

    /// <summary>Runs the task on a thread of its own (one of the process's task threads, named after it) and returns at once.</summary>
    public void Start() => TaskThreadPool.Shared.Start(ThreadName, Run);

    /// <summary>The coordinator starts a checkpoint here (a source, or a task whose inputs all finished): handled on the task thread.</summary>
    public void TriggerCheckpoint(long checkpointId, long timestamp, Checkpointing.CheckpointProperties properties) => _mailbox.PutControl(() =>
    {
        if (_checkpoints is null || _synchronousSavepoint is not null) return;
        // Savepoints are always aligned (as in Flink); checkpoints may be unaligned when the job enables it.
        var alignedTimeout = properties.IsSavepoint ? null : _tdd.Resources.Checkpointing?.AlignedCheckpointTimeout;
        var barrier = new Checkpointing.CheckpointBarrier(checkpointId, timestamp)
        {
            Properties = properties,
            AlignedTimeoutMillis = alignedTimeout is { } t ? (long)t.TotalMilliseconds : null,
        };
        if (_isSourceTask) PerformCheckpoint(barrier, 0, Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - timestamp));
        else _barrierHandler?.OnTriggered(barrier);
    });

    public void NotifyCheckpointComplete(long checkpointId) => _mailbox.PutControl(() =>
    {
        _checkpoints?.NotifyCheckpointComplete(checkpointId);
        if (_synchronousSavepoint?.Id == checkpointId) _endAfterSavepoint = true;
        if (_finalCheckpointId is { } final && checkpointId >= final) _finalCheckpointCompleted = true;
    });

    public void NotifyCheckpointAborted(long checkpointId) => _mailbox.PutControl(() =>
    {
        _barrierHandler?.Abort(checkpointId);
        _checkpoints?.NotifyCheckpointAborted(checkpointId);
        // The final state goes into the next checkpoint instead.
        if (_finalCheckpointId == checkpointId) _finalCheckpointId = null;
        if (_synchronousSavepoint is not { } savepoint || savepoint.Id != checkpointId) return;
        _synchronousSavepoint = null;
        _mailbox.Paused = false;
        // Drained operators have finished and cannot take records again: the task fails, and failover restores the job.
        if (savepoint.Properties.Drain)
            throw new Checkpointing.CheckpointException(Checkpointing.CheckpointFailureReason.CheckpointDeclined,
                $"Stop-with-savepoint {checkpointId} with drain was aborted after this task drained its input; it cannot resume.");
    });

    /// <summary>
    /// Takes this task's part of a checkpoint. For the synchronous savepoint of stop-with-savepoint the task first
    /// drains when asked (inputs ended, operators finished, MAX_WATERMARK from a source), then snapshots, then
    /// stops processing input and timers until the savepoint completes (the task then ends) or is aborted (it resumes).
    /// </summary>
    /// <summary>An unaligned checkpoint's snapshot: taken now, acknowledged once the in-flight records before the barriers are collected.</summary>
    private void PerformUnalignedCheckpoint(Checkpointing.CheckpointBarrier barrier, long alignmentMillis, long startDelayMillis, Checkpointing.ChannelStateWriter inFlight)
    {
        Volatile.Write(ref Metrics.LastCheckpointAlignmentNanos, alignmentMillis * 1_000_000);
        Volatile.Write(ref Metrics.LastCheckpointStartDelayNanos, startDelayMillis * 1_000_000);
        _checkpoints!.PerformCheckpoint(barrier, alignmentMillis, startDelayMillis, _operatorsFinished, inFlight);
    }

    private void PerformCheckpoint(Checkpointing.CheckpointBarrier barrier, long alignmentMillis, long startDelayMillis)
    {
        if (barrier.Properties.IsSynchronous)
        {
            if (barrier.Properties.Drain && !_operatorsFinished)
            {
                _input?.EndInputForDrain();
                _chain?.FinishOperators();
            }
            _synchronousSavepoint = barrier;
            _mailbox.Paused = true;
        }
        if (_operatorsFinished && !barrier.Properties.IsSavepoint) _finalCheckpointId ??= barrier.Id;
        Volatile.Write(ref Metrics.LastCheckpointAlignmentNanos, alignmentMillis * 1_000_000);
        Volatile.Write(ref Metrics.LastCheckpointStartDelayNanos, startDelayMillis * 1_000_000);
        _checkpoints!.PerformCheckpoint(barrier, alignmentMillis, startDelayMillis, _operatorsFinished);
    }

    /// <summary>Stops the task promptly: wakes every wait; the loop exits at its next turn.</summary>
    public void Cancel()
    {
        _canceled = true;
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already terminated.
        }
        _signal.Set();
    }

    /// <summary>Live accumulator copies (for snapshots while running).</summary>
    public IReadOnlyDictionary<string, IAccumulator> SnapshotAccumulators() =>
        _runtimeContext?.SnapshotAccumulators() ?? new Dictionary<string, IAccumulator>();

    private void Run()
    {
        Volatile.Write(ref _osThreadId, Diagnostics.OsThreads.CurrentId());
        if (Stdout is not null) Streaming.Sinks.TaskStdout.Current = Stdout;
        var v = _tdd.Vertex;
        var res = _tdd.Resources;
        Exception? failure = null;
        OperatorChain? chain = null;
        ITimer? flusher = null;
        var finished = false;
        var processingTime = new ProcessingTimeService(_time, _mailbox);
        try
        {
            Report(ExecutionState.INITIALIZING);
            _runtimeContext = new StreamingRuntimeContext(_tdd.JobId.Hex, v.Name, _tdd.SubtaskIndex, v.Parallelism, v.MaxParallelism, _tdd.AttemptNumber);
            var checkpointing = res.Checkpointing;
            var ctx = new ChainContext(v, _tdd.SubtaskIndex, res.Shuffle, res.SplitEnumerator, _runtimeContext, processingTime, _mailbox, Metrics,
                _cancel.Token, _time, res.BufferTimeout <= TimeSpan.Zero, res.StateBackend, checkpointing is { PeriodicCheckpointing: true }, _tdd.TaskRestore,
                _metricGroup,
                checkpointing is { WaitsForFinalCheckpoint: true });
            chain = new OperatorChain(ctx);
            if (_tdd.TaskRestore is { IsTaskFinished: true })
            {
                // Finished when the checkpoint was taken: everything it emitted is in downstream state already.
                Report(ExecutionState.RUNNING);
                chain.RestoreFinished();
                chain.EndOutputsWithoutRunning();
                finished = true;
            }
            else
            {
                finished = RunOperators(chain, v, res, checkpointing, ref flusher);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            flusher?.Dispose();
            // An unaligned checkpoint's asynchronous part waits for in-flight records that will not come any more.
            _barrierHandler?.Close();
            _checkpoints?.WaitForAsyncParts();
            processingTime.Dispose();
            try
            {
                chain?.Close();
            }
            catch (Exception ex)
            {
                failure ??= ex;
            }
            Metrics.MarkStopped();
            _metricGroup?.Close();
        }

        ExecutionState state;
        if (_canceled && (failure is null or OperationCanceledException)) state = ExecutionState.CANCELED;
        else if (failure is not null) state = ExecutionState.FAILED;
        else state = finished ? ExecutionState.FINISHED : ExecutionState.CANCELED;
        FinalState = state;
        _tdd.Listener.OnTaskStateChanged(new TaskStateUpdate(_tdd.AttemptId, state, state == ExecutionState.FAILED ? failure : null, _runtimeContext?.SnapshotAccumulators(), Metrics.Snapshot()));
        _cancel.Dispose();
        // The thread runs other tasks next, of other TaskManagers.
        if (Stdout is not null) Streaming.Sinks.TaskStdout.Current = null;
        Terminated?.Invoke(this);
    }

    /// <summary>Opens the chain and runs the mailbox loop until input ends (true) or the task is cancelled (false).</summary>
    private bool RunOperators(OperatorChain chain, JobVertex v, JobTaskResources res, Checkpointing.TaskCheckpointingSettings? checkpointing, ref ITimer? flusher)
    {
        if (checkpointing is not null)
        {
            _isSourceTask = v.IsSource;
            var checkpoints = new Checkpointing.SubtaskCheckpointCoordinator(checkpointing, _tdd.AttemptId, v.Id, _tdd.SubtaskIndex, chain.OperatorsForCheckpoint, chain.Writers, _time);
            _checkpoints = checkpoints;
            if (!v.IsSource)
            {
                _barrierHandler = new Checkpointing.CheckpointBarrierHandler(checkpointing.Mode, _time, PerformCheckpoint,
                    (id, reason) => checkpointing.Responder.DeclineCheckpoint(_tdd.AttemptId, id, reason), PerformUnalignedCheckpoint,
                    (delay, action) => _time.CreateTimer(_ => _mailbox.Put(action), null, delay, Timeout.InfiniteTimeSpan));
            }
        }
        var input = CreateInputProcessor(chain, v);
        _input = input;
        _chain = chain;
        // An array: the availability check runs before every unit of input and must not allocate an enumerator.
        var writers = chain.Writers.ToArray();
        foreach (var w in writers) w.BindAvailabilitySignal(_signal);
        if (_metricGroup is not null)
        {
            Metrics.SourceRecordsIn = chain.SourceRecordsEmitted;
            TaskSystemMetrics.Register(_metricGroup, Metrics, _gates, chain.Writers.OfType<IBufferPoolUsage>().ToList());
        }
        chain.Open();
        if (res.BufferTimeout > TimeSpan.Zero && chain.Writers.Count > 0)
        {
            var c = chain;
            flusher = _time.CreateTimer(_ =>
            {
                if (Interlocked.Exchange(ref _flushPending, 1) == 0)
                {
                    _mailbox.Put(() =>
                    {
                        Volatile.Write(ref _flushPending, 0);
                        c.FlushOutputs();
                    });
                }
            }, null, res.BufferTimeout, res.BufferTimeout);
        }
        Metrics.MarkRunning();
        Metrics.UpdateView();
        Report(ExecutionState.RUNNING);
        while (true)
        {
            if (_mailbox.HasMail) _mailbox.RunAll();
            if (_canceled) return false;
            if (_synchronousSavepoint is not null)
            {
                if (!_endAfterSavepoint)
                {
                    WaitForControlMail();
                    continue;
                }
                // The stop-with-savepoint completed: downstream learns that the outputs ended; the operators are not
                // finished again (without drain nothing they would emit may leave after the savepoint).
                flusher?.Dispose();
                chain.EndOutputsWithoutRunning();
                return !_canceled;
            }
            if (!OutputsAvailable(writers))
            {
                if (!input.ProcessPriorityEvents()) WaitForOutputs(writers, input);
                continue;
            }
            var result = input.ProcessInput();
            if (result == InputResult.EndOfInput)
            {
                flusher?.Dispose();
                if (_mailbox.HasMail) _mailbox.RunAll();
                chain.FinishAll();
                if (checkpointing is { WaitsForFinalCheckpoint: true } && _synchronousSavepoint is null) WaitForFinalCheckpoint();
                return !_canceled;
            }
            if (result == InputResult.NothingAvailable) WaitForWork(input);
        }
    }

    /// <summary>
    /// FLIP-147: with its operators finished and its outputs ended, the task stays RUNNING until a checkpoint taken
    /// after it finished completes (its notification commits what the sinks prepared), or a stop-with-savepoint
    /// completes, or it is cancelled. Only checkpoint control mail runs meanwhile: timers of finished operators wait.
    /// The coordinator triggers such a task directly (a source, or a task whose inputs ended; see CheckpointCoordinator).
    /// </summary>
    private void WaitForFinalCheckpoint()
    {
        _operatorsFinished = true;
        _tdd.Resources.Checkpointing!.Responder.ReportWaitingForFinalCheckpoint(_tdd.AttemptId);
        while (!_canceled && !_finalCheckpointCompleted && !_endAfterSavepoint)
        {
            _mailbox.Paused = true;
            _mailbox.RunControlOnly();
            if (_canceled || _finalCheckpointCompleted || _endAfterSavepoint) break;
            WaitForControlMail();
        }
    }

    /// <summary>Sleeps until checkpoint control mail (or cancellation) arrives; input and other mail wait.</summary>
    private void WaitForControlMail()
    {
        Metrics.StartIdle();
        while (!_canceled && !_mailbox.HasNewMail)
        {
            _signal.Reset();
            if (_canceled || _mailbox.HasNewMail) break;
            _signal.Wait();
        }
        Metrics.EndIdle();
    }

    private static bool OutputsAvailable(IRecordWriter[] writers)
    {
        foreach (var w in writers)
        {
            if (!w.IsAvailable) return false;
        }
        return true;
    }

    /// <summary>
    /// Backpressure (Flink's suspended default action): no input is taken while an output channel is full, but mail
    /// still runs, so checkpoint triggers, barriers and cancellation are not held up behind a blocked record.
    /// </summary>
    private void WaitForOutputs(IRecordWriter[] writers, IInputProcessor input)
    {
        Metrics.StartBackPressure();
        while (!_canceled && !_mailbox.HasMail && !OutputsAvailable(writers) && !input.HasPriorityEvent)
        {
            _signal.Reset();
            if (_canceled || _mailbox.HasMail || OutputsAvailable(writers) || input.HasPriorityEvent) break;
            _signal.Wait();
        }
        Metrics.EndBackPressure();
    }

    private void WaitForWork(IInputProcessor input)
    {
        Metrics.StartIdle();
        while (!_canceled && !_mailbox.HasMail && !input.IsAvailable)
        {
            _signal.Reset();
            if (_canceled || _mailbox.HasMail || input.IsAvailable) break;
            _signal.Wait();
        }
        Metrics.EndIdle();
    }

    private void Report(ExecutionState state) => _tdd.Listener.OnTaskStateChanged(new TaskStateUpdate(_tdd.AttemptId, state, null, null));

    private IInputProcessor CreateInputProcessor(OperatorChain chain, JobVertex v)
    {
        switch (v.Head.Kind)
        {
            case StreamNodeKind.Source:
                return new SourceInputProcessor((ISourceOperator)chain.Head, _signal);
            case StreamNodeKind.OneInput:
                return v.Inputs[0].StreamEdge.Type.Accept(new OneInputFactory(this, chain, v.Inputs));
            default:
                var in1 = v.Inputs.Where(e => e.StreamEdge.InputIndex == 1).ToList();
                var in2 = v.Inputs.Where(e => e.StreamEdge.InputIndex == 2).ToList();
                return in1[0].StreamEdge.Type.Accept(new TwoInputFactory(this, chain, in1, in2));
        }
    }

    private InputGate<T> Gate<T>(IReadOnlyList<JobEdge> edges)
    {
        var gate = new InputGate<T>(edges.SelectMany(e => _tdd.Resources.Shuffle.ConsumerChannels<T>(e, _tdd.SubtaskIndex)).ToArray(), _signal);
        var inputIndex = _gates.Count + 1;
        if (_barrierHandler is { } handler) gate.BindBarrierHandler(handler, _gateChannels, inputIndex);
        var v = _tdd.Vertex;
        if (_tdd.TaskRestore?.Operators.GetValueOrDefault(v.OperatorIds[v.Head.Id].Hex)?.InputChannelState is { Count: > 0 } inFlight)
            gate.Recover(inFlight.Where(e => e.Input == inputIndex));
        _gates.Add(gate);
        _gateChannels += gate.NumberOfChannels;
        return gate;
    }

    private int _gateChannels;


    private sealed class OneInputFactory(StreamTask task, OperatorChain chain, IReadOnlyList<JobEdge> edges) : IDataTypeVisitor<IInputProcessor>
    {
        public IInputProcessor Visit<T>() => new OneInputProcessor<T>(task.Gate<T>(edges), (IOneInputStreamOperator<T>)chain.Head, task.Metrics);
    }

    private sealed class TwoInputFactory(StreamTask task, OperatorChain chain, IReadOnlyList<JobEdge> in1, IReadOnlyList<JobEdge> in2) : IDataTypeVisitor<IInputProcessor>
    {
        public IInputProcessor Visit<T1>() => in2[0].StreamEdge.Type.Accept(new Second<T1>(task, chain, in1, in2));

        private sealed class Second<T1>(StreamTask task, OperatorChain chain, IReadOnlyList<JobEdge> in1, IReadOnlyList<JobEdge> in2) : IDataTypeVisitor<IInputProcessor>
        {
            public IInputProcessor Visit<T2>() =>
                new TwoInputProcessor<T1, T2>(task.Gate<T1>(in1), task.Gate<T2>(in2), (ITwoInputStreamOperator<T1, T2>)chain.Head, task.Metrics);
        }
    }
}
