using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Failover;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network;
using Brook.Runtime.ResourceManager;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;
using Brook.Streaming.Accumulators;
using Brook.Streaming.Graph;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using EG = Brook.Runtime.ExecutionGraph.ExecutionGraph;

namespace Brook.Runtime.JobMaster;

/// <summary>
/// Runs one job (Flink's JobMaster with its default scheduler): builds the ExecutionGraph, waits up to
/// slot.request.timeout for enough slots (default slot sharing: the job needs as many slots as its
/// largest vertex parallelism; slot i holds subtask i of every vertex), deploys every subtask onto the
/// TaskExecutor owning its slot, follows task states to FINISHED, FAILED or CANCELED, and releases the
/// slots. A failed task (or one lost with its TaskManager) goes to the restart strategy: while it allows,
/// the job is RESTARTING, the failover strategy's subtasks are cancelled and, after the backoff, deployed
/// again as new attempts (on replacement slots where theirs were lost); else the job fails with the cause.
/// Independent of its host: the embedded MiniCluster and the cluster's Dispatcher use it alike.
/// </summary>
public sealed partial class JobMaster : ITaskStateListener
{
    private readonly Lock _lock = new();
    private JobGraph.JobGraph _jobGraph;
    private readonly ResourceManager.ResourceManager _resourceManager;
    private readonly Func<ResourceId, ITaskExecutorGateway?> _taskExecutors;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly TimeSpan _slotRequestTimeout;
    private readonly LocalChannelSizing _channelSizing;
    private readonly int _attemptsHistorySize;
    private readonly int _exceptionHistorySize;
    private EG _graph;
    private readonly IRestartBackoffTimeStrategy _restartStrategy;
    private IFailoverStrategy _failoverStrategy;
    private IReadOnlySet<ExecutionVertex> _allTasks;
    private readonly Configuration _effectiveConfiguration;
    private readonly Dictionary<ExecutionAttemptId, Execution> _executions = new();
    private readonly TaskCompletionSource<JobResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ErrorInfo> _exceptionHistory = [];
    private readonly Dictionary<int, ISourceCoordinator> _coordinators = new();
    private readonly List<PendingRestart> _pendingRestarts = [];
    private SlotId[] _slots = [];
    private readonly Checkpointing.CheckpointCoordinator _checkpointCoordinator;
    private readonly Checkpointing.CompletedCheckpoint? _restoreFrom;
    private ITimer? _slotTimeout;
    private ITimer? _restartSlotTimeout;
    private bool _waitingForSlots;
    private bool _started;
    private Exception? _rootCause;
    private long _rootCauseTime;
    private long _endTime = -1;

    public JobMaster(JobGraph.JobGraph jobGraph, ResourceManager.ResourceManager resourceManager, Func<ResourceId, ITaskExecutorGateway?> taskExecutors,
        Configuration configuration, TimeProvider time, ILogger? log = null)
    {
        _jobGraph = jobGraph;
        _resourceManager = resourceManager;
        _taskExecutors = taskExecutors;
        _time = time;
        _log = log ?? NullLogger.Instance;
        _slotRequestTimeout = configuration.Get(Core.Configuration.CoreOptions.SlotRequestTimeout);
        _channelSizing = LocalChannelSizing.From(configuration);
        _attemptsHistorySize = configuration.Get(JobMasterOptions.AttemptsHistorySize);
        _exceptionHistorySize = configuration.Get(Core.Configuration.CoreOptions.WebExceptionHistorySize);
        _graph = new EG(jobGraph, Now());
        foreach (var e in _graph.CurrentExecutions) _executions[e.AttemptId] = e;
        var effective = configuration.Copy();
        foreach (var (k, v) in jobGraph.Configuration.Entries()) effective.SetRaw(k, v);
        DisablePeriodicCheckpointsInBatch(effective);
        // Validated before the checkpoint coordinator (which may create storage) exists, so a bad value fails the submission cleanly.
        // Flink 2.x's default strategy keys off periodic checkpointing (an interval), not off the coordinator every job has.
        var periodicCheckpointing = effective.Get(Core.Configuration.CoreOptions.CheckpointingInterval) is not null;
        _restartStrategy = RestartBackoffTimeStrategyFactoryLoader.CreateFactory(jobGraph.Configuration, configuration, periodicCheckpointing, time)();
        _failoverStrategy = FailoverStrategyFactoryLoader.Create(effective, _graph.Vertices);
        _effectiveConfiguration = effective;
        _allTasks = _graph.Vertices.SelectMany(v => v.TaskVertices).ToHashSet();
        (_checkpointCoordinator, _restoreFrom) = CreateCheckpointCoordinator(configuration);
    }

    /// <summary>
    /// The job's checkpoint coordinator. As in Flink every job has one; without execution.checkpointing.interval
    /// it triggers nothing by itself, but manual checkpoints (POST /jobs/:jobid/checkpoints) work and failover restores them.
    /// </summary>
    public Checkpointing.CheckpointCoordinator CheckpointCoordinator => _checkpointCoordinator;

    /// <summary>
    /// As Flink's StreamGraphGenerator for BATCH jobs: "Checkpointing is not supported and not needed when executing jobs
    /// in BATCH mode", so an interval from the job or the cluster is dropped (a failed BATCH job reruns from its sources).
    /// </summary>
    private void DisablePeriodicCheckpointsInBatch(Configuration configuration)
    {
        if (_jobGraph.JobType == Core.Configuration.JobType.BATCH) configuration.Remove(Core.Configuration.CoreOptions.CheckpointingInterval);
    }

    /// <summary>
    /// Reads the job's checkpointing settings (the job's own over the cluster's) and the checkpoint it starts from
    /// (execution.state-recovery.path); an invalid setting or a corrupt checkpoint fails the submission.
    /// </summary>
    private (Checkpointing.CheckpointCoordinator, Checkpointing.CompletedCheckpoint?) CreateCheckpointCoordinator(Configuration clusterConfiguration)
    {
        var configuration = clusterConfiguration.Copy();
        foreach (var (k, v) in _jobGraph.Configuration.Entries()) configuration.SetRaw(k, v);
        DisablePeriodicCheckpointsInBatch(configuration);
        var settings = Checkpointing.CheckpointCoordinatorConfiguration.FromConfiguration(configuration);
        Checkpointing.CompletedCheckpoint? restoreFrom = null;
        if (configuration.Get(Core.Configuration.CheckpointingOptions.StateRecoveryPath) is { } path)
        {
            restoreFrom = Checkpointing.SavepointRestore.Load(path, _jobGraph, configuration.Get(Core.Configuration.CheckpointingOptions.StateRecoveryIgnoreUnclaimedState));
            Checkpointing.StateAssignmentOperation.CheckParallelismPreconditions(restoreFrom, _jobGraph);
            _log.LogInformation("Job {Name} ({JobId}) restores from {Kind} {Id} at {Path}.", JobName, JobId,
                restoreFrom.Properties.IsSavepoint ? "savepoint" : "checkpoint", restoreFrom.CheckpointId, restoreFrom.ExternalPointer);
        }
        Checkpointing.ICheckpointStorageAccess storage = settings.Directory is { } dir
            ? new Checkpointing.FileSystemCheckpointStorage(dir, JobId)
            : new Checkpointing.JobManagerCheckpointStorage();
        var coordinator = new Checkpointing.CheckpointCoordinator(JobId, settings, storage, PlanCheckpoint, _time, _log, restoreFrom,
            configuration.Get(Core.Configuration.CoreOptions.WebCheckpointsHistory));
        coordinator.FailJob += FailGlobally;
        if (restoreFrom is not null && configuration.Get(Core.Configuration.CheckpointingOptions.StateRecoveryClaimMode) == Core.Configuration.RecoveryClaimMode.CLAIM)
            coordinator.ClaimRestoredCheckpoint();
        return (coordinator, restoreFrom);
    }

    /// <summary>Who takes part in a checkpoint now; null unless the job runs and every task is RUNNING or FINISHED.</summary>
    private Checkpointing.CheckpointPlan? PlanCheckpoint()
    {
        lock (_lock)
        {
            if (_graph.Status != JobStatus.RUNNING) return null;
            var trigger = new List<Checkpointing.PlannedTask>();
            var wait = new List<Checkpointing.PlannedTask>();
            var finished = new List<Checkpointing.PlannedTask>();
            var sources = new Dictionary<JobGraph.JobVertex, ISourceCoordinator>();
            foreach (var ev in _graph.Vertices)
            {
                var v = ev.JobVertex;
                var inputsFinished = v.Inputs.All(i => _graph.Vertices.First(x => x.JobVertex == i.Source).TaskVertices.All(t => t.CurrentExecution.State == ExecutionState.FINISHED));
                if (v.IsSource && _coordinators.TryGetValue(v.Head.Id, out var sc)) sources[v] = sc;
                foreach (var tv in ev.TaskVertices)
                {
                    var e = tv.CurrentExecution;
                    if (e.TaskManager is null) return null;
                    var planned = new Checkpointing.PlannedTask(e.AttemptId, v, tv.SubtaskIndex, e.TaskManager);
                    if (e.State == ExecutionState.FINISHED) finished.Add(planned);
                    else if (e.State != ExecutionState.RUNNING) return null;
                    else
                    {
                        wait.Add(planned);
                        if (v.IsSource || inputsFinished) trigger.Add(planned);
                    }
                }
            }
            return new Checkpointing.CheckpointPlan(trigger, wait, finished, sources);
        }
    }

    /// <summary>A failure of the whole job (e.g. too many failed checkpoints): a global failure the restart strategy handles (all tasks restart or the job fails).</summary>
    private void FailGlobally(Exception cause)
    {
        var actions = new SchedulerActions();
        lock (_lock)
        {
            if (_graph.Status is not (JobStatus.RUNNING or JobStatus.RESTARTING)) return;
            var now = Now();
            HandleFailure(cause, null, now, actions);
            RestartReadyTasks(now, actions);
        }
        Apply(actions);
    }

    public JobId JobId => _jobGraph.JobId;

    private long _numRestarts;

    /// <summary>The current coordinator of a source node (replaced when its region restarts); null before deployment.</summary>
    internal ISourceCoordinator? SourceCoordinator(int nodeId)
    {
        lock (_lock) return _coordinators.GetValueOrDefault(nodeId);
    }

    /// <summary>
    /// An operator event from attempt <paramref name="attemptNumber"/> of a source subtask in a TaskManager process, for
    /// the coordinator of <paramref name="operatorId"/> (Flink's JobMaster.sendOperatorEventToCoordinator). Returns false
    /// if it was dropped (a stale attempt, or the source's coordinator is gone); malformed bytes throw InvalidDataException.
    /// </summary>
    internal bool DeliverOperatorEventToCoordinator(OperatorId operatorId, int subtask, int attemptNumber, byte[] operatorEvent)
    {
        var node = JobGraph.Vertices.Where(v => v.IsSource).FirstOrDefault(v => v.OperatorIds[v.Head.Id] == operatorId)?.Head
            ?? throw new InvalidDataException($"Operator {operatorId.Hex} of job {JobId} is not a source, so it has no coordinator for operator events.");
        return SourceCoordinator(node.Id)?.HandleEventFromOperator(subtask, attemptNumber, operatorEvent) ?? false;
    }

    /// <summary>
    /// Fails a deployed attempt from the JobManager's side (Flink's SubtaskAccess.triggerTaskFailover), e.g. because an
    /// operator event to it was lost: it counts as that task's failure, and the task is cancelled on its TaskManager.
    /// </summary>
    internal void FailExecution(ExecutionAttemptId attemptId, Exception cause)
    {
        ITaskExecutorGateway? taskManager;
        lock (_lock) taskManager = _executions.TryGetValue(attemptId, out var e) && !e.State.IsTerminal() ? e.TaskManager : null;
        if (taskManager is null) return;
        ((ITaskStateListener)this).OnTaskStateChanged(new TaskStateUpdate(attemptId, ExecutionState.FAILED, cause, null));
        taskManager.CancelTask(attemptId);
    }

    /// <summary>How often the job (or a region of it) was restarted (Flink's numRestarts).</summary>
    public long NumRestarts => Interlocked.Read(ref _numRestarts);

    public string JobName => _jobGraph.Name;

    public JobGraph.JobGraph JobGraph => Volatile.Read(ref _jobGraph);

    public JobStatus Status
    {
        get
        {
            lock (_lock) return _graph.Status;
        }
    }

    /// <summary>Completes (never faults) when the job reached a globally terminal status.</summary>
    public Task<JobResult> ResultTask => _result.Task;

    /// <summary>
    /// Raised (outside the JobMaster's lock) after the job's status or any execution's state changed, so hosts
    /// and clients can react to changes instead of polling snapshots.
    /// </summary>
    public event Action<JobMaster>? StateChanged;

    private void NotifyStateChanged() => StateChanged?.Invoke(this);

    /// <summary>Schedules the job: CREATED → RUNNING, then slots, then deployment.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started) throw new InvalidOperationException($"Job {JobId} was already started.");
            _started = true;
            var now = Now();
            _graph.TransitionTo(JobStatus.CREATED, now);
            _graph.TransitionTo(JobStatus.RUNNING, now);
            // Regions behind blocking exchanges stay CREATED until their producers finished (stage-by-stage scheduling).
            var schedulable = SchedulableNow(_allTasks);
            foreach (var e in _graph.CurrentExecutions.Where(e => schedulable.Contains(e.Vertex))) e.TransitionTo(ExecutionState.SCHEDULED, now);
            _waitingForSlots = true;
            _resourceManager.TaskManagerLost += OnTaskManagerLost;
            _resourceManager.SlotsChanged += OnSlotsChanged;
            _slotTimeout = _time.CreateTimer(_ => OnSlotRequestTimeout(), null, _slotRequestTimeout, Timeout.InfiniteTimeSpan);
        }
        _log.LogInformation("Job {Name} ({JobId}) switched to RUNNING; requesting {Slots} slots.", JobName, JobId, _jobGraph.MaximumParallelism);
        _checkpointCoordinator.StartCheckpointScheduler();
        NotifyStateChanged();
        TryAllocateAndDeploy();
    }

    /// <summary>Cancels the job: every task is cancelled (pending restarts are dropped), then the job is CANCELED and its slots freed.</summary>
    public void Cancel()
    {
        List<Execution> toCancel;
        lock (_lock)
        {
            if (_graph.Status.IsGloballyTerminal() || _graph.Status == JobStatus.CANCELLING) return;
            _graph.TransitionTo(JobStatus.CANCELLING, Now());
            DropPendingRestarts();
            FailPendingRescale(new InvalidOperationException($"Job {JobId} was cancelled before the rescale completed."));
            toCancel = CancelExecutions(_graph.CurrentExecutions);
            StopWaitingForSlots();
        }
        _log.LogInformation("Job {Name} ({JobId}) is cancelling.", JobName, JobId);
        SendCancel(toCancel);
        CheckTermination();
    }

    void ITaskStateListener.OnTaskStateChanged(TaskStateUpdate update)
    {
        var actions = new SchedulerActions();
        var finished = false;
        lock (_lock)
        {
            if (!_executions.TryGetValue(update.AttemptId, out var e)) return;
            var now = Now();
            var wasCancelling = e.State == ExecutionState.CANCELING;
            // As in Flink, a task that fails while it is being cancelled counts as cancelled: its failure is not a new one.
            var state = update.State == ExecutionState.FAILED && wasCancelling ? ExecutionState.CANCELED : update.State;
            if (!e.TransitionTo(state, now)) return;
            finished = state == ExecutionState.FINISHED;
            if (state.IsTerminal())
            {
                e.FinalMetrics = update.Metrics;
                e.FinalAccumulators = update.Accumulators;
            }
            if (state == ExecutionState.FAILED || (state == ExecutionState.CANCELED && !wasCancelling))
            {
                var failure = update.Failure ?? new InvalidOperationException($"Task {Describe(e)} was cancelled without the job being cancelled.");
                e.Failure = failure;
                e.FailureTimestamp = now;
                if (_graph.Status is JobStatus.RUNNING or JobStatus.RESTARTING) HandleFailure(failure, e, now, actions);
            }
            // The rescale first: a failure during it leaves a pending restart, which fails the rescale and then restarts the job.
            DeployRescaledWhenReady(now, actions);
            RestartReadyTasks(now, actions);
            if (finished) OnTaskFinished(now, actions);
        }
        if (finished) _checkpointCoordinator.OnTaskFinished(update.AttemptId);
        Apply(actions);
        if (update.State == ExecutionState.RUNNING) MaybeRescaleToRequirements();
    }

    /// <summary>An immutable snapshot of the job for REST views: states, timestamps, placement, live metrics.</summary>
    public ArchivedExecutionGraph Snapshot()
    {
        // Taken before the JobMaster's lock: the coordinator's lock is never held while waiting for this one.
        var checkpoints = _checkpointCoordinator.StatisticsSnapshot();
        lock (_lock)
        {
            var now = Now();
            var ts = _graph.StatusTimestamps;
            var start = ts.GetValueOrDefault(JobStatus.INITIALIZING, -1);
            var end = _endTime;
            var vertices = _graph.Vertices.Select(ev => new ArchivedExecutionJobVertex(
                ev.JobVertex.Id, ev.JobVertex.Name, ev.JobVertex.Parallelism, ev.JobVertex.MaxParallelism,
                ev.JobVertex.OperatorIdsInChainOrder.ToList(),
                ev.JobVertex.Inputs.Select(i => new ArchivedJobInput(i.Source.Id, i.ResultId, i.ShipStrategyName)).ToList(),
                ev.TaskVertices.Select(tv => new ArchivedExecutionVertex(tv.SubtaskIndex, Archive(tv.CurrentExecution), tv.PriorExecutions.Select(Archive).ToList())).ToList()
            )).ToList();
            return new ArchivedExecutionGraph(
                JobId, JobName, _graph.Status, start, end, (end >= 0 ? end : now) - start, now,
                new Dictionary<JobStatus, long>(ts), vertices,
                _rootCause is null ? null : ErrorInfo.From(_rootCause, _rootCauseTime),
                _exceptionHistory.ToList(),
                ArchivedAccumulator.From(MergeAccumulators(live: true)),
                _jobGraph.ConfiguredMaxParallelism)
            {
                CheckpointConfiguration = _checkpointCoordinator.Configuration,
                CheckpointStatistics = checkpoints,
                IsStoppable = IsStoppable,
                JobType = _jobGraph.JobType,
            };
        }
    }

    private ArchivedExecution Archive(Execution e)
    {
        var metrics = e.FinalMetrics ?? (e.State is ExecutionState.RUNNING or ExecutionState.INITIALIZING or ExecutionState.CANCELING
            ? e.TaskManager?.GetTaskMetrics(e.AttemptId)
            : null) ?? TaskMetricsSnapshot.Empty;
        var st = e.StateTimestamps;
        var startTime = st.GetValueOrDefault(ExecutionState.DEPLOYING, -1);
        var endTime = e.IsTerminal ? st[e.State] : -1;
        return new ArchivedExecution(e.AttemptId, e.AttemptNumber, e.State, e.TaskManager?.Id, e.TaskManager?.Address, startTime, endTime,
            new Dictionary<ExecutionState, long>(st), metrics,
            e.Failure is null ? null : ErrorInfo.From(e.Failure, e.FailureTimestamp, Describe(e), e.TaskManager?.Id),
            ArchivedAccumulator.From(e.FinalAccumulators ?? (e.State == ExecutionState.RUNNING ? e.TaskManager?.GetAccumulators(e.AttemptId) : null)));
    }

    /// <summary>Freed or added slots may complete the first allocation or a restart waiting for replacement slots.</summary>
    private void OnSlotsChanged()
    {
        TryAllocateAndDeploy();
        var actions = new SchedulerActions();
        var restarting = false;
        lock (_lock)
        {
            if (_restartSlotTimeout is not null)
            {
                restarting = true;
                RestartReadyTasks(Now(), actions);
            }
        }
        if (restarting) Apply(actions);
        MaybeRescaleToRequirements();
    }

    /// <summary>A TaskManager holding this job's tasks was dropped: its running attempts failed.</summary>
    private void OnTaskManagerLost(ResourceId taskManager, IReadOnlyList<JobId> jobs, string reason)
    {
        if (!jobs.Contains(JobId)) return;
        List<Execution> lost;
        lock (_lock) lost = _graph.CurrentExecutions.Where(e => !e.IsTerminal && e.TaskManager?.Id == taskManager).ToList();
        foreach (var e in lost)
        {
            ((ITaskStateListener)this).OnTaskStateChanged(new TaskStateUpdate(e.AttemptId, ExecutionState.FAILED,
                new InvalidOperationException($"TaskManager {taskManager} was lost: {reason}"), null));
            // If the TaskManager is alive but unreachable to the ResourceManager, its task must not run on.
            e.TaskManager?.CancelTask(e.AttemptId);
        }
    }

    private void TryAllocateAndDeploy()
    {
        var actions = new SchedulerActions();
        lock (_lock)
        {
            if (!_waitingForSlots) return;
            var slots = _resourceManager.TryAllocate(JobId, _jobGraph.MaximumParallelism) ?? TryAllocateWithinRequirements();
            if (slots is null) return;
            StopWaitingForSlots();
            _slots = slots.ToArray();
            try
            {
                actions.ToDeploy.AddRange(PrepareDeployment(SchedulableNow(_allTasks), _restoreFrom));
            }
            catch (Exception ex)
            {
                FailBeforeDeployment(ex);
            }
        }
        Apply(actions);
    }

    /// <summary>
    /// Readies the current attempts of whole pipelined regions for deployment (under the lock): fresh channels for their
    /// edges, fresh source coordinators for their sources, and each subtask on the TaskExecutor of its slot, starting
    /// from <paramref name="restoreFrom"/>'s state (enumerators and tasks) when there is a checkpoint to restore.
    /// </summary>
    private List<(ITaskExecutorGateway, TaskDeploymentDescriptor)> PrepareDeployment(IReadOnlySet<ExecutionVertex> tasks, Checkpointing.CompletedCheckpoint? restoreFrom)
    {
        var gateways = tasks.Select(t => t.SubtaskIndex).Distinct().ToDictionary(i => i, i => _taskExecutors(_slots[i].TaskManager)
            ?? throw new InvalidOperationException($"TaskManager {_slots[i].TaskManager} of slot {_slots[i]} is not reachable."));
        var jobVertices = tasks.Select(t => t.JobVertex).Distinct().ToList();
        var coordinators = new Dictionary<int, ISourceCoordinator>();
        foreach (var v in jobVertices.Select(ev => ev.JobVertex).Where(v => v.IsSource))
        {
            if (_coordinators.Remove(v.Head.Id, out var previous)) previous.Dispose();
            var enumeratorState = restoreFrom?.OperatorStates.GetValueOrDefault(v.OperatorIds[v.Head.Id].Hex)?.CoordinatorState;
            var coordinator = v.Head.Source!.Accept(new CoordinatorFactory(v.Parallelism, enumeratorState));
            _coordinators[v.Head.Id] = coordinator;
            coordinators[v.Head.Id] = coordinator;
            coordinator.Start();
        }
        CreateBlockingPartitions(tasks);
        // Tasks spread over TaskManagers with a data plane exchange over it; the job's in-process channels still serve blocking edges.
        var taskManagers = _slots.Select(s => _resourceManager.Get(s.TaskManager)?.Registration).ToList();
        // A TaskManager process has no share in the job's in-process channels: its tasks always take theirs from the data plane.
        var remote = gateways.Values.Any(g => g is not TaskExecutor.TaskExecutor);
        var network = taskManagers.All(t => t is not null)
                      && (ShuffleDescriptors.UsesNetwork(taskManagers!) || (remote && taskManagers.All(t => t!.DataPort > 0)));
        if (network && jobVertices.Any(v => v.JobVertex.Outputs.Any(e => e.IsBlocking)) && remote)
            throw new NotSupportedException($"Job {JobName} ({JobId}) has blocking (batch) exchanges, which Brook does not run between TaskManager processes yet.");
        var shuffle = new JobShuffle(jobVertices.SelectMany(ev => ev.JobVertex.Outputs).Where(e => !network || e.IsBlocking), _channelSizing,
            BlockingPartition, _resourceManager.PartitionTracker);
        var cc = _checkpointCoordinator;
        var checkpointing = new Checkpointing.TaskCheckpointingSettings(cc.Configuration.Mode, cc, cc.Storage, cc.Configuration.IsPeriodicCheckpointingConfigured,
            cc.Configuration.CheckpointsAfterTasksFinish)
        {
            AlignedCheckpointTimeout = cc.Configuration.UnalignedCheckpointsEnabled ? cc.Configuration.AlignedCheckpointTimeout : null,
        };
        var resources = new JobTaskResources(shuffle, coordinators, _jobGraph.BufferTimeout, _jobGraph.StateBackend, checkpointing);
        var now = Now();
        var result = new List<(ITaskExecutorGateway, TaskDeploymentDescriptor)>();
        foreach (var tv in tasks)
        {
            var e = tv.CurrentExecution;
            var slot = _slots[tv.SubtaskIndex];
            var tm = gateways[tv.SubtaskIndex];
            e.Slot = slot;
            e.TaskManager = tm;
            e.TransitionTo(ExecutionState.DEPLOYING, now);
            result.Add((tm, new TaskDeploymentDescriptor(JobId, e.AttemptId, tv.JobVertex.JobVertex, tv.SubtaskIndex, e.AttemptNumber, slot, resources, this,
                restoreFrom?.TaskRestoreFor(tv.JobVertex.JobVertex, tv.SubtaskIndex))
            {
                JobName = JobName,
                ShuffleDescriptor = network ? ShuffleDescriptors.For(tv, _graph, i => taskManagers[i]!) : null,
            }));
        }
        return result;
    }

    /// <summary>
    /// A task failed (or, with <paramref name="failed"/> null, the job as a whole): the restart strategy decides whether
    /// the failover strategy's subtasks restart after its backoff or the job fails with this cause. Under the lock.
    /// </summary>
    private void HandleFailure(Exception cause, Execution? failed, long now, SchedulerActions actions)
    {
        _rootCause = cause;
        _rootCauseTime = now;
        var error = failed is null ? ErrorInfo.From(cause, now) : ErrorInfo.From(cause, now, Describe(failed), failed.TaskManager?.Id);
        // A failure the strategy merges into the restart under way is a concurrent exception of that restart's entry, as in Flink.
        if (_restartStrategy.NotifyFailure(cause) || _exceptionHistory.Count == 0) _exceptionHistory.Add(error);
        else _exceptionHistory[^1] = _exceptionHistory[^1] with { ConcurrentExceptions = [.. _exceptionHistory[^1].ConcurrentExceptions, error] };
        // A job that keeps failing and restarting keeps only the latest failures (web.exception-history-size), as Flink's bounded history.
        if (_exceptionHistory.Count > _exceptionHistorySize) _exceptionHistory.RemoveRange(0, _exceptionHistory.Count - _exceptionHistorySize);
        if (!_restartStrategy.CanRestart())
        {
            _log.LogWarning(cause, "{Where} failed and the restart strategy gives up; job {Name} ({JobId}) is failing.",
                failed is null ? "The job" : $"Task {Describe(failed)}", JobName, JobId);
            _graph.TransitionTo(JobStatus.FAILING, now);
            actions.AbortCheckpoints = $"job {JobId} is failing.";
            DropPendingRestarts();
            StopWaitingForSlots();
            actions.ToCancel.AddRange(CancelExecutions(_graph.CurrentExecutions));
            return;
        }
        var tasks = new HashSet<ExecutionVertex>(failed is null ? _allTasks : _failoverStrategy.GetTasksNeedingRestart(failed.Vertex));
        AddRegionsOfLostInputs(tasks);
        // A restart already waiting for some of these subtasks is folded into this one, which waits this failure's backoff.
        foreach (var overlapping in _pendingRestarts.Where(p => p.Tasks.Overlaps(tasks)).ToList())
        {
            tasks.UnionWith(overlapping.Tasks);
            overlapping.Dispose();
            _pendingRestarts.Remove(overlapping);
        }
        var backoff = _restartStrategy.GetBackoffTime();
        var pending = new PendingRestart(tasks);
        _pendingRestarts.Add(pending);
        _graph.TransitionTo(JobStatus.RESTARTING, now);
        Interlocked.Increment(ref _numRestarts);
        // As Flink's CheckpointCoordinatorDeActivator: no checkpoints while tasks restart; the failed attempts will never acknowledge.
        actions.AbortCheckpoints = $"job {JobId} is restarting tasks after a failure.";
        actions.CheckpointScheduler = false;
        _log.LogWarning(cause, "{Where} failed; job {Name} ({JobId}) restarts {Count} tasks in {Backoff} ms.",
            failed is null ? "The job" : $"Task {Describe(failed)}", JobName, JobId, tasks.Count, backoff);
        actions.ToCancel.AddRange(CancelExecutions(tasks.Select(t => t.CurrentExecution)));
        if (backoff <= 0) pending.DelayElapsed = true;
        else pending.Timer = _time.CreateTimer(_ => OnRestartDelayElapsed(pending), null, TimeSpan.FromMilliseconds(backoff), Timeout.InfiniteTimeSpan);
    }

    private void OnRestartDelayElapsed(PendingRestart pending)
    {
        var actions = new SchedulerActions();
        lock (_lock)
        {
            if (!_pendingRestarts.Contains(pending)) return;
            pending.DelayElapsed = true;
            RestartReadyTasks(Now(), actions);
        }
        Apply(actions);
    }

    /// <summary>
    /// Deploys new attempts for every pending restart whose backoff elapsed and whose attempts all ended, on replacement
    /// slots where a slot was lost; waits (up to slot.request.timeout) when there are not enough free slots. Under the lock.
    /// </summary>
    private void RestartReadyTasks(long now, SchedulerActions actions)
    {
        if (_graph.Status is not (JobStatus.RUNNING or JobStatus.RESTARTING)) return;
        var waitingForSlots = false;
        foreach (var pending in _pendingRestarts.ToList())
        {
            if (!pending.DelayElapsed || !pending.AllAttemptsEnded) continue;
            if (!EnsureSlots(pending.Tasks))
            {
                if (TryRedeployWithinAvailableSlots(now, actions)) return;
                waitingForSlots = true;
                continue;
            }
            _pendingRestarts.Remove(pending);
            pending.Dispose();
            if (_pendingRestarts.Count == 0 && _graph.TransitionTo(JobStatus.RUNNING, now)) actions.CheckpointScheduler = true;
            var evicted = new List<Execution>();
            foreach (var task in pending.Tasks)
            {
                var attempt = task.ResetForNewExecution(now, _attemptsHistorySize, evicted);
                _executions[attempt.AttemptId] = attempt;
            }
            // Restarted regions behind blocking exchanges wait (CREATED) for their restarted producers, as at the first deployment.
            var deployable = SchedulableNow(pending.Tasks);
            foreach (var task in deployable) task.CurrentExecution.TransitionTo(ExecutionState.SCHEDULED, now);
            // Ended attempts beyond the history are forgotten; a late report from one is ignored like any unknown attempt.
            foreach (var e in evicted) _executions.Remove(e.AttemptId);
            _log.LogInformation("Job {Name} ({JobId}) deploys new attempts of {Count} tasks.", JobName, JobId, pending.Tasks.Count);
            try
            {
                // Flink restores restarted tasks from the latest completed checkpoint (or the one the job started from); none means from scratch.
                var restoreFrom = _checkpointCoordinator.LatestCompletedCheckpoint ?? _restoreFrom;
                actions.ToDeploy.AddRange(PrepareDeployment(deployable, restoreFrom));
                if (restoreFrom is not null) _checkpointCoordinator.ReportRestored(restoreFrom);
            }
            catch (Exception ex)
            {
                HandleFailure(ex, null, now, actions);
                // The whole job now waits to restart; with no backoff and every attempt ended, that is at once.
                RestartReadyTasks(now, actions);
                return;
            }
        }
        if (waitingForSlots)
        {
            _restartSlotTimeout ??= _time.CreateTimer(_ => OnRestartSlotTimeout(), null, _slotRequestTimeout, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _restartSlotTimeout?.Dispose();
            _restartSlotTimeout = null;
        }
    }

    /// <summary>True when every slot the tasks use is still the job's; lost ones are replaced by free slots, all or nothing.</summary>
    private bool EnsureSlots(IReadOnlySet<ExecutionVertex> tasks)
    {
        var lost = tasks.Select(t => t.SubtaskIndex).Distinct().Where(i => !IsSlotAlive(_slots[i])).ToList();
        if (lost.Count == 0) return true;
        var replacements = _resourceManager.TryAllocate(JobId, lost.Count);
        if (replacements is null) return false;
        for (var k = 0; k < lost.Count; k++) _slots[lost[k]] = replacements[k];
        return true;
    }

    private bool IsSlotAlive(SlotId slot) =>
        _resourceManager.Get(slot.TaskManager) is { } tm && tm.SlotOwners[slot.SlotIndex] == JobId && _taskExecutors(slot.TaskManager) is not null;

    /// <summary>A restart that found no replacement slots within slot.request.timeout is a failure of the whole job.</summary>
    private void OnRestartSlotTimeout()
    {
        var actions = new SchedulerActions();
        lock (_lock)
        {
            if (_restartSlotTimeout is null) return;
            _restartSlotTimeout.Dispose();
            _restartSlotTimeout = null;
            var (total, free) = _resourceManager.SlotCounts();
            var now = Now();
            HandleFailure(new NoResourceAvailableException(
                $"Could not acquire the minimum required resources to restart job '{JobName}' ({JobId}): only {free} of {total} slots were available " +
                $"within slot.request.timeout ({_slotRequestTimeout})."), null, now, actions);
            // Every attempt may have ended already: without a backoff the restart (and its wait for slots) begins at once.
            RestartReadyTasks(now, actions);
        }
        Apply(actions);
    }

    private void DropPendingRestarts()
    {
        foreach (var p in _pendingRestarts) p.Dispose();
        _pendingRestarts.Clear();
        _restartSlotTimeout?.Dispose();
        _restartSlotTimeout = null;
    }

    /// <summary>Carries out (outside the lock) what was decided under it, then checks for the job's end and notifies.</summary>
    private void Apply(SchedulerActions actions)
    {
        if (actions.AbortCheckpoints is { } reason) _checkpointCoordinator.AbortPendingCheckpoints(reason);
        if (actions.CheckpointScheduler == false) _checkpointCoordinator.StopCheckpointScheduler();
        SendCancel(actions.ToCancel);
        if (actions.SlotsToRelease.Count > 0) _resourceManager.Release(JobId, actions.SlotsToRelease);
        foreach (var (tm, tdd) in actions.ToDeploy)
        {
            try
            {
                tm.SubmitTask(tdd);
            }
            catch (Exception ex)
            {
                ((ITaskStateListener)this).OnTaskStateChanged(new TaskStateUpdate(tdd.AttemptId, ExecutionState.FAILED, ex, null));
                continue;
            }
            bool cancelledMeanwhile;
            lock (_lock) cancelledMeanwhile = _executions.TryGetValue(tdd.AttemptId, out var submitted) && submitted.State == ExecutionState.CANCELING;
            // A cancel that raced with the submission found no task to cancel yet; repeat it now that the task exists.
            if (cancelledMeanwhile) tm.CancelTask(tdd.AttemptId);
        }
        if (actions.CheckpointScheduler == true) _checkpointCoordinator.StartCheckpointScheduler();
        CheckTermination();
    }

    private void OnSlotRequestTimeout()
    {
        lock (_lock)
        {
            if (!_waitingForSlots) return;
            StopWaitingForSlots();
            var (total, free) = _resourceManager.SlotCounts();
            FailBeforeDeployment(new NoResourceAvailableException(
                $"Could not acquire the minimum required resources: job '{JobName}' ({JobId}) needs {_jobGraph.MaximumParallelism} slots " +
                $"(its largest vertex parallelism), but only {free} of {total} slots were available within slot.request.timeout ({_slotRequestTimeout})."));
        }
        CheckTermination();
    }

    /// <summary>Fails the job while no task runs (under the lock).</summary>
    private void FailBeforeDeployment(Exception cause)
    {
        var now = Now();
        _rootCause = cause;
        _rootCauseTime = now;
        _exceptionHistory.Add(ErrorInfo.From(cause, now));
        _graph.TransitionTo(JobStatus.FAILING, now);
        foreach (var e in _graph.CurrentExecutions) e.TransitionTo(ExecutionState.CANCELED, now);
        _log.LogWarning(cause, "Job {Name} ({JobId}) failed before deployment.", JobName, JobId);
    }

    private void StopWaitingForSlots()
    {
        if (!_waitingForSlots) return;
        _waitingForSlots = false;
        _slotTimeout?.Dispose();
    }

    /// <summary>Marks the given live executions CANCELING (or CANCELED if never deployed); returns those to cancel on their TaskManager.</summary>
    private List<Execution> CancelExecutions(IEnumerable<Execution> executions)
    {
        var now = Now();
        var toCancel = new List<Execution>();
        foreach (var e in executions)
        {
            if (e.IsTerminal) continue;
            if (e.TaskManager is null) e.TransitionTo(ExecutionState.CANCELED, now);
            else if (e.TransitionTo(ExecutionState.CANCELING, now)) toCancel.Add(e);
        }
        return toCancel;
    }

    private static void SendCancel(List<Execution> executions)
    {
        foreach (var e in executions) e.TaskManager!.CancelTask(e.AttemptId);
    }

    /// <summary>Called after every change: finishes the job once all executions ended, then tells listeners.</summary>
    private void CheckTermination()
    {
        FinishIfAllExecutionsEnded();
        NotifyStateChanged();
    }

    private void FinishIfAllExecutionsEnded()
    {
        JobResult? result = null;
        lock (_lock)
        {
            if (_graph.Status.IsGloballyTerminal() || !_started || _pendingRestarts.Count > 0 || (IsRescaleRedeploying && _graph.Status == JobStatus.RESTARTING)) return;
            var executions = _graph.CurrentExecutions.ToList();
            if (!executions.All(e => e.IsTerminal)) return;
            var status = _graph.Status switch
            {
                JobStatus.FAILING => JobStatus.FAILED,
                JobStatus.CANCELLING => JobStatus.CANCELED,
                _ => executions.All(e => e.State == ExecutionState.FINISHED) ? JobStatus.FINISHED : JobStatus.FAILED,
            };
            var now = Now();
            _graph.TransitionTo(status, now);
            _endTime = now;
            FailPendingRescale(new InvalidOperationException($"Job {JobId} reached the terminal state {status} before the rescale completed."));
            StopWaitingForSlots();
            DropPendingRestarts();
            var start = _graph.StatusTimestamps[JobStatus.INITIALIZING];
            result = new JobResult(JobId, status, TimeSpan.FromMilliseconds(now - start), ToValues(MergeAccumulators(live: false)), status == JobStatus.FAILED ? _rootCause : null);
        }
        foreach (var c in _coordinators.Values) c.Dispose();
        ReleaseOrPromotePartitions(result.Status);
        _checkpointCoordinator.Shutdown(result.Status);
        _resourceManager.TaskManagerLost -= OnTaskManagerLost;
        _resourceManager.SlotsChanged -= OnSlotsChanged;
        _resourceManager.Release(JobId);
        _log.LogInformation("Job {Name} ({JobId}) switched to {Status}.", JobName, JobId, result.Status);
        _result.TrySetResult(result);
    }

    private static IReadOnlyDictionary<string, object> ToValues(IReadOnlyDictionary<string, IAccumulator> accumulators) =>
        accumulators.ToDictionary(kv => kv.Key, kv => kv.Value.LocalValue, StringComparer.Ordinal);

    private IReadOnlyDictionary<string, IAccumulator> MergeAccumulators(bool live)
    {
        var merged = new Dictionary<string, IAccumulator>(StringComparer.Ordinal);
        foreach (var e in _graph.CurrentExecutions)
        {
            var accs = e.FinalAccumulators ?? (live && e.State == ExecutionState.RUNNING ? e.TaskManager?.GetAccumulators(e.AttemptId) : null);
            if (accs is null) continue;
            foreach (var (name, acc) in accs)
            {
                if (merged.TryGetValue(name, out var m)) m.Merge(acc);
                else merged[name] = acc.Snapshot();
            }
        }
        return merged;
    }

    /// <summary>Flink's Execution.getVertexWithAttempt, the failing task's name in the exception history.</summary>
    private static string Describe(Execution e) =>
        $"{e.Vertex.JobVertex.JobVertex.Name} ({e.Vertex.SubtaskIndex + 1}/{e.Vertex.JobVertex.JobVertex.Parallelism}) - execution #{e.AttemptNumber}";

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class CoordinatorFactory(int parallelism, byte[]? restoredState) : ISourceVisitor<ISourceCoordinator>
    {
        public ISourceCoordinator Visit<T, TSplit>(Streaming.Sources.ISource<T, TSplit> source) where TSplit : Streaming.Sources.ISourceSplit =>
            new SourceCoordinator<T, TSplit>(source, parallelism, restoredState);
    }
}
