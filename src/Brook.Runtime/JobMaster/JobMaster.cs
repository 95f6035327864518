using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.ExecutionGraph;
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
/// slots. Independent of its host: the embedded MiniCluster and the cluster's Dispatcher use it alike.
/// </summary>
public sealed class JobMaster : ITaskStateListener
{
    private readonly Lock _lock = new();
    private readonly JobGraph.JobGraph _jobGraph;
    private readonly ResourceManager.ResourceManager _resourceManager;
    private readonly Func<ResourceId, ITaskExecutorGateway?> _taskExecutors;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly TimeSpan _slotRequestTimeout;
    private readonly int _buffersPerChannel;
    private readonly int _recordsPerBuffer;
    private readonly EG _graph;
    private readonly Dictionary<ExecutionAttemptId, Execution> _executions = new();
    private readonly TaskCompletionSource<JobResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ErrorInfo> _exceptionHistory = [];
    private readonly Dictionary<int, ISourceCoordinator> _coordinators = new();
    private readonly Checkpointing.CheckpointCoordinator? _checkpointCoordinator;
    private readonly Checkpointing.CompletedCheckpoint? _restoreFrom;
    private ITimer? _slotTimeout;
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
        _buffersPerChannel = configuration.Get(JobMasterOptions.BuffersPerChannel);
        _recordsPerBuffer = configuration.Get(JobMasterOptions.RecordsPerBuffer);
        _graph = new EG(jobGraph, Now());
        foreach (var e in _graph.CurrentExecutions) _executions[e.AttemptId] = e;
        (_checkpointCoordinator, _restoreFrom) = CreateCheckpointCoordinator(configuration);
    }

    /// <summary>The job's checkpoint coordinator; null when checkpointing is off.</summary>
    public Checkpointing.CheckpointCoordinator? CheckpointCoordinator => _checkpointCoordinator;

    /// <summary>
    /// Reads the job's checkpointing settings (the job's own over the cluster's) and the checkpoint it starts from
    /// (execution.state-recovery.path); an invalid setting or a corrupt checkpoint fails the submission.
    /// </summary>
    private (Checkpointing.CheckpointCoordinator?, Checkpointing.CompletedCheckpoint?) CreateCheckpointCoordinator(Configuration clusterConfiguration)
    {
        var configuration = clusterConfiguration.Copy();
        foreach (var (k, v) in _jobGraph.Configuration.Entries()) configuration.SetRaw(k, v);
        var settings = Checkpointing.CheckpointCoordinatorConfiguration.FromConfiguration(configuration);
        Checkpointing.CompletedCheckpoint? restoreFrom = null;
        if (configuration.Get(Core.Configuration.CheckpointingOptions.StateRecoveryPath) is { } path)
        {
            var directory = Path.GetFileName(path) == Checkpointing.CheckpointMetadataFormat.FileName ? Path.GetDirectoryName(path)! : path;
            restoreFrom = Checkpointing.CheckpointMetadataFormat.Load(directory);
            var operators = _jobGraph.Vertices.SelectMany(v => v.OperatorIdsInChainOrder).Select(o => o.Hex).ToHashSet(StringComparer.Ordinal);
            var unclaimed = restoreFrom.OperatorStates.Values.Where(o => !operators.Contains(o.OperatorId) && o.StateSize > 0).Select(o => o.OperatorId).ToList();
            if (unclaimed.Count > 0 && !configuration.Get(Core.Configuration.CheckpointingOptions.StateRecoveryIgnoreUnclaimedState))
                throw new InvalidOperationException(
                    $"Failed to rollback to checkpoint {directory}. Cannot map checkpoint state for operator {unclaimed[0]} to the new program, because the operator is not available in the new program. " +
                    $"If you want to allow to skip this, set {Core.Configuration.CheckpointingOptions.StateRecoveryIgnoreUnclaimedState.Key} to true.");
            _log.LogInformation("Job {Name} ({JobId}) restores from checkpoint {Id} at {Path}.", JobName, JobId, restoreFrom.CheckpointId, directory);
        }
        if (settings is null) return (null, restoreFrom);
        Checkpointing.ICheckpointStorageAccess storage = settings.Directory is { } dir
            ? new Checkpointing.FileSystemCheckpointStorage(dir, JobId)
            : new Checkpointing.JobManagerCheckpointStorage();
        var coordinator = new Checkpointing.CheckpointCoordinator(JobId, settings, storage, PlanCheckpoint, _time, _log, restoreFrom);
        coordinator.FailJob += FailGlobally;
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

    /// <summary>A failure of the whole job (e.g. too many failed checkpoints): the job fails with it as root cause.</summary>
    private void FailGlobally(Exception cause)
    {
        List<Execution>? toCancel = null;
        lock (_lock)
        {
            if (_graph.Status != JobStatus.RUNNING) return;
            var now = Now();
            _rootCause = cause;
            _rootCauseTime = now;
            _exceptionHistory.Add(ErrorInfo.From(cause, now));
            _graph.TransitionTo(JobStatus.FAILING, now);
            _log.LogWarning(cause, "Job {Name} ({JobId}) is failing.", JobName, JobId);
            toCancel = CancelExecutions();
        }
        SendCancel(toCancel);
        CheckTermination();
    }

    public JobId JobId => _jobGraph.JobId;

    public string JobName => _jobGraph.Name;

    public JobGraph.JobGraph JobGraph => _jobGraph;

    public JobStatus Status
    {
        get
        {
            lock (_lock) return _graph.Status;
        }
    }

    /// <summary>Completes (never faults) when the job reached a globally terminal status.</summary>
    public Task<JobResult> ResultTask => _result.Task;

    /// <summary>Schedules the job: CREATED → RUNNING, then slots, then deployment.</summary>
    /// <summary>
    /// Raised (outside the JobMaster's lock) after the job's status or any execution's state changed, so hosts
    /// and clients can react to changes instead of polling snapshots.
    /// </summary>
    public event Action<JobMaster>? StateChanged;

    private void NotifyStateChanged() => StateChanged?.Invoke(this);

    public void Start()
    {
        lock (_lock)
        {
            if (_started) throw new InvalidOperationException($"Job {JobId} was already started.");
            _started = true;
            var now = Now();
            _graph.TransitionTo(JobStatus.CREATED, now);
            _graph.TransitionTo(JobStatus.RUNNING, now);
            foreach (var e in _graph.CurrentExecutions) e.TransitionTo(ExecutionState.SCHEDULED, now);
            _waitingForSlots = true;
            _resourceManager.TaskManagerLost += OnTaskManagerLost;
            _resourceManager.SlotsChanged += OnSlotsChanged;
            _slotTimeout = _time.CreateTimer(_ => OnSlotRequestTimeout(), null, _slotRequestTimeout, Timeout.InfiniteTimeSpan);
        }
        _log.LogInformation("Job {Name} ({JobId}) switched to RUNNING; requesting {Slots} slots.", JobName, JobId, _jobGraph.MaximumParallelism);
        _checkpointCoordinator?.StartCheckpointScheduler();
        NotifyStateChanged();
        TryAllocateAndDeploy();
    }

    /// <summary>Cancels the job: every task is cancelled, then the job is CANCELED and its slots freed.</summary>
    public void Cancel()
    {
        List<Execution> toCancel;
        lock (_lock)
        {
            if (_graph.Status.IsGloballyTerminal() || _graph.Status == JobStatus.CANCELLING) return;
            _graph.TransitionTo(JobStatus.CANCELLING, Now());
            toCancel = CancelExecutions();
            StopWaitingForSlots();
        }
        _log.LogInformation("Job {Name} ({JobId}) is cancelling.", JobName, JobId);
        SendCancel(toCancel);
        CheckTermination();
    }

    void ITaskStateListener.OnTaskStateChanged(TaskStateUpdate update)
    {
        List<Execution>? toCancel = null;
        lock (_lock)
        {
            if (!_executions.TryGetValue(update.AttemptId, out var e)) return;
            var now = Now();
            if (!e.TransitionTo(update.State, now)) return;
            if (update.State.IsTerminal())
            {
                e.FinalMetrics = update.Metrics;
                e.FinalAccumulators = update.Accumulators;
            }
            if (update.State == ExecutionState.FAILED || (update.State == ExecutionState.CANCELED && _graph.Status == JobStatus.RUNNING))
            {
                var failure = update.Failure ?? new InvalidOperationException($"Task {Describe(e)} was cancelled without the job being cancelled.");
                e.Failure = failure;
                e.FailureTimestamp = now;
                _exceptionHistory.Add(ErrorInfo.From(failure, now, Describe(e), e.TaskManager?.Id));
                if (_graph.Status == JobStatus.RUNNING)
                {
                    _rootCause = failure;
                    _rootCauseTime = now;
                    _graph.TransitionTo(JobStatus.FAILING, now);
                    _log.LogWarning(failure, "Task {Task} failed; job {JobId} is failing.", Describe(e), JobId);
                    toCancel = CancelExecutions();
                }
            }
        }
        if (toCancel is not null) SendCancel(toCancel);
        if (update.State == ExecutionState.FINISHED) _checkpointCoordinator?.OnTaskFinished(update.AttemptId);
        else if (update.State is ExecutionState.FAILED) _checkpointCoordinator?.AbortPendingCheckpoints($"task {update.AttemptId} failed.");
        CheckTermination();
    }

    /// <summary>An immutable snapshot of the job for REST views: states, timestamps, placement, live metrics.</summary>
    public ArchivedExecutionGraph Snapshot()
    {
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
                _jobGraph.ConfiguredMaxParallelism);
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

    private void OnSlotsChanged() => TryAllocateAndDeploy();

    /// <summary>A TaskManager holding this job's tasks was dropped: its tasks are lost, so the job fails.</summary>
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
        var deployments = new List<(ITaskExecutorGateway Tm, TaskDeploymentDescriptor Tdd)>();
        lock (_lock)
        {
            if (!_waitingForSlots) return;
            var slots = _resourceManager.TryAllocate(JobId, _jobGraph.MaximumParallelism);
            if (slots is null) return;
            StopWaitingForSlots();
            try
            {
                deployments = PrepareDeployment(slots, _restoreFrom);
            }
            catch (Exception ex)
            {
                FailBeforeDeployment(ex);
            }
        }
        foreach (var (tm, tdd) in deployments)
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
            lock (_lock) cancelledMeanwhile = _executions[tdd.AttemptId].State == ExecutionState.CANCELING;
            // A cancel that raced with the submission found no task to cancel yet; repeat it now that the task exists.
            if (cancelledMeanwhile) tm.CancelTask(tdd.AttemptId);
        }
        CheckTermination();
    }

    /// <summary>Source coordinators and task deployment descriptors for every subtask; <paramref name="restoreFrom"/>: the checkpoint the tasks start from.</summary>
    private List<(ITaskExecutorGateway, TaskDeploymentDescriptor)> PrepareDeployment(IReadOnlyList<SlotId> slots, Checkpointing.CompletedCheckpoint? restoreFrom)
    {
        foreach (var v in _jobGraph.Vertices.Where(v => v.IsSource))
        {
            var enumeratorState = restoreFrom?.OperatorStates.GetValueOrDefault(v.OperatorIds[v.Head.Id].Hex)?.CoordinatorState;
            var coordinator = v.Head.Source!.Accept(new CoordinatorFactory(v.Parallelism, enumeratorState));
            _coordinators[v.Head.Id] = coordinator;
            coordinator.Start();
        }
        var checkpointing = _checkpointCoordinator is { } cc
            ? new Checkpointing.TaskCheckpointingSettings(cc.Configuration.Mode, cc, cc.Storage)
            : null;
        var resources = new JobTaskResources(new JobShuffle(_jobGraph, _buffersPerChannel, _recordsPerBuffer), _coordinators, _jobGraph.BufferTimeout, _jobGraph.StateBackend,
            checkpointing);
        var now = Now();
        var result = new List<(ITaskExecutorGateway, TaskDeploymentDescriptor)>();
        foreach (var ev in _graph.Vertices)
        {
            foreach (var tv in ev.TaskVertices)
            {
                var e = tv.CurrentExecution;
                var slot = slots[tv.SubtaskIndex];
                var tm = _taskExecutors(slot.TaskManager)
                    ?? throw new InvalidOperationException($"TaskManager {slot.TaskManager} of slot {slot} is not reachable.");
                e.Slot = slot;
                e.TaskManager = tm;
                e.TransitionTo(ExecutionState.DEPLOYING, now);
                result.Add((tm, new TaskDeploymentDescriptor(JobId, e.AttemptId, ev.JobVertex, tv.SubtaskIndex, e.AttemptNumber, slot, resources, this,
                    restoreFrom?.TaskRestoreFor(ev.JobVertex, tv.SubtaskIndex))));
            }
        }
        return result;
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
        _resourceManager.SlotsChanged -= OnSlotsChanged;
        _slotTimeout?.Dispose();
    }

    /// <summary>Marks every live execution CANCELING (or CANCELED if never deployed); returns those to cancel on their TaskManager.</summary>
    private List<Execution> CancelExecutions()
    {
        var now = Now();
        var toCancel = new List<Execution>();
        foreach (var e in _graph.CurrentExecutions)
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

    /// <summary>Ends the job once every execution is terminal; releases slots and completes the result.</summary>
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
            if (_graph.Status.IsGloballyTerminal() || !_started) return;
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
            StopWaitingForSlots();
            var start = _graph.StatusTimestamps[JobStatus.INITIALIZING];
            result = new JobResult(JobId, status, TimeSpan.FromMilliseconds(now - start), ToValues(MergeAccumulators(live: false)), status == JobStatus.FAILED ? _rootCause : null);
        }
        foreach (var c in _coordinators.Values) c.Dispose();
        _checkpointCoordinator?.Shutdown(result.Status);
        _resourceManager.TaskManagerLost -= OnTaskManagerLost;
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

    private static string Describe(Execution e) =>
        $"{e.Vertex.JobVertex.JobVertex.Name} ({e.Vertex.SubtaskIndex + 1}/{e.Vertex.JobVertex.JobVertex.Parallelism})#{e.AttemptNumber}";

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private sealed class CoordinatorFactory(int parallelism, byte[]? restoredState) : ISourceVisitor<ISourceCoordinator>
    {
        public ISourceCoordinator Visit<T, TSplit>(Streaming.Sources.ISource<T, TSplit> source) where TSplit : Streaming.Sources.ISourceSplit =>
            new SourceCoordinator<T, TSplit>(source, parallelism, restoredState);
    }
}
