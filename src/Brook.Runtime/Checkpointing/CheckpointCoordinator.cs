using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The JobMaster's checkpoint coordinator (Flink's CheckpointCoordinator): triggers checkpoints periodically on
/// the TimeProvider or on request, snapshots the source enumerators atomically with injecting the barriers at
/// the sources, collects every running task's acknowledgement, completes the checkpoint (metadata written,
/// N retained, older ones discarded, tasks notified), and aborts it on a decline, a timeout or a failover.
/// Consecutive failures beyond the tolerable number raise <see cref="FailJob"/>. Finished tasks count as
/// acknowledged with finished state, so checkpoints go on after bounded sources ended.
/// </summary>
public sealed class CheckpointCoordinator : ICheckpointResponder, IDisposable
{
    private readonly Lock _lock = new();
    private readonly JobId _jobId;
    private readonly Func<CheckpointPlan?> _planner;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly SortedDictionary<long, PendingCheckpoint> _pending = new();
    private readonly HashSet<ExecutionAttemptId> _waitingForFinalCheckpoint = [];
    private readonly LinkedList<CompletedCheckpoint> _completed = new();
    private readonly CheckpointStatsTracker _statistics;
    private readonly CheckpointStorageRouter _storage;
    private CompletedCheckpoint? _claimed;
    private ITimer? _periodic;
    private long _nextCheckpointId;
    private long _lastCompletionTimestamp = long.MinValue;
    private int _continuousFailures;
    private bool _shutdown;

    internal CheckpointCoordinator(JobId jobId, CheckpointCoordinatorConfiguration configuration, ICheckpointStorageAccess storage,
        Func<CheckpointPlan?> planner, TimeProvider time, ILogger? log = null, CompletedCheckpoint? restoredFrom = null, int statisticsHistorySize = 10)
    {
        _jobId = jobId;
        Configuration = configuration;
        _storage = new CheckpointStorageRouter(storage, jobId, configuration.FileStateSizeThreshold);
        Storage = _storage;
        _planner = planner;
        _time = time;
        _log = log ?? NullLogger.Instance;
        // Ids go on after the checkpoint the job restored from, so chk-n directories never collide.
        _nextCheckpointId = restoredFrom?.CheckpointId ?? 0;
        RestoredCheckpoint = restoredFrom;
        _statistics = new CheckpointStatsTracker(statisticsHistorySize);
        if (restoredFrom is not null) _statistics.ReportRestored(restoredFrom, Now());
    }

    public CheckpointCoordinatorConfiguration Configuration { get; }

    internal ICheckpointStorageAccess Storage { get; }

    /// <summary>The checkpoint the job started from, if any.</summary>
    public CompletedCheckpoint? RestoredCheckpoint { get; }

    /// <summary>Raised when more consecutive checkpoints failed than execution.checkpointing.tolerable-failed-checkpoints allows.</summary>
    public event Action<Exception>? FailJob;

    /// <summary>Raised (outside the lock) after a checkpoint completed.</summary>
    public event Action<CompletedCheckpoint>? CheckpointCompleted;

    /// <summary>Raised (outside the lock) after a checkpoint was aborted.</summary>
    public event Action<long, CheckpointException>? CheckpointAborted;

    public CompletedCheckpoint? LatestCompletedCheckpoint
    {
        get
        {
            lock (_lock) return _completed.Last?.Value ?? RestoredCheckpoint;
        }
    }

    /// <summary>The retained completed checkpoints, oldest first.</summary>
    public IReadOnlyList<CompletedCheckpoint> CompletedCheckpoints
    {
        get
        {
            lock (_lock) return _completed.ToList();
        }
    }

    public int NumberOfPendingCheckpoints
    {
        get
        {
            lock (_lock) return _pending.Count;
        }
    }

    public int ContinuousFailures
    {
        get
        {
            lock (_lock) return _continuousFailures;
        }
    }

    /// <summary>The latest checkpoints' figures (in progress, completed and failed), newest first.</summary>
    public IReadOnlyList<CheckpointStatistics> Statistics
    {
        get
        {
            lock (_lock) return _pending.Values.Reverse().Select(p => Stats(p, CheckpointStatsStatus.IN_PROGRESS, null)).Concat(_statistics.History).ToList();
        }
    }

    /// <summary>Counts, summaries, latest and recent checkpoints, as the REST statistics show them.</summary>
    public CheckpointStatsSnapshot StatisticsSnapshot()
    {
        lock (_lock) return _statistics.Snapshot(_pending.Values.Select(p => Stats(p, CheckpointStatsStatus.IN_PROGRESS, null)).ToList());
    }

    /// <summary>Records that restarted tasks were deployed with <paramref name="checkpoint"/>'s state (a failover restore).</summary>
    public void ReportRestored(CompletedCheckpoint checkpoint)
    {
        lock (_lock) _statistics.ReportRestored(checkpoint, Now());
    }

    /// <summary>Starts periodic triggering; a job without an interval has none (Flink's Long.MAX_VALUE interval), only manual triggers.</summary>
    public void StartCheckpointScheduler()
    {
        lock (_lock)
        {
            if (_shutdown || _periodic is not null || Configuration.Interval is not { } interval) return;
            _periodic = _time.CreateTimer(_ => TriggerPeriodic(), null, interval, interval);
        }
    }

    public void StopCheckpointScheduler()
    {
        lock (_lock)
        {
            _periodic?.Dispose();
            _periodic = null;
        }
    }

    /// <summary>A manual checkpoint (not bound by max-concurrent-checkpoints or min-pause); completes with it or faults when it fails.</summary>
    public Task<CompletedCheckpoint> TriggerCheckpointAsync() => Trigger(periodic: false, CheckpointKind, null);

    /// <summary>
    /// A savepoint into a new directory under <paramref name="targetDirectory"/> (Flink's triggerSavepoint): taken like a
    /// manual checkpoint, but written self-contained into its own directory, never subsumed or discarded by the job,
    /// and not counted towards the tolerable checkpoint failures.
    /// </summary>
    public Task<CompletedCheckpoint> TriggerSavepointAsync(string targetDirectory, SavepointFormatType format) =>
        Trigger(periodic: false, CheckpointProperties.Savepoint(format), targetDirectory);

    /// <summary>
    /// The synchronous savepoint of stop-with-savepoint: every task must be running; after taking it the tasks wait
    /// for its completion and then end (FINISHED), or resume when it is aborted. With <paramref name="drain"/> the
    /// sources first emit MAX_WATERMARK and every operator finishes, so windows and timers fire into the savepoint's output.
    /// </summary>
    public Task<CompletedCheckpoint> TriggerSynchronousSavepointAsync(string targetDirectory, SavepointFormatType format, bool drain) =>
        Trigger(periodic: false, CheckpointProperties.SynchronousSavepoint(format, drain), targetDirectory);

    /// <summary>
    /// Restore mode CLAIM: the checkpoint the job restored from becomes the job's own, so it is discarded like any
    /// retained checkpoint once newer ones subsume it (Flink's RecoveryClaimMode.CLAIM). Without this (NO_CLAIM) it is never deleted.
    /// </summary>
    public void ClaimRestoredCheckpoint()
    {
        lock (_lock)
        {
            if (RestoredCheckpoint is null || _claimed is not null) return;
            _claimed = RestoredCheckpoint;
            _completed.AddFirst(RestoredCheckpoint);
        }
    }

    private void TriggerPeriodic() => _ = Trigger(periodic: true, CheckpointKind, null);

    /// <summary>The properties of this job's checkpoints: unaligned from the start when configured so (Flink's CheckpointOptions.forConfig).</summary>
    private CheckpointProperties CheckpointKind => Configuration is { UnalignedCheckpointsEnabled: true, AlignedCheckpointTimeout.Ticks: 0 }
        ? CheckpointProperties.Checkpoint with { IsUnaligned = true }
        : CheckpointProperties.Checkpoint;

    private Task<CompletedCheckpoint> Trigger(bool periodic, CheckpointProperties properties, string? savepointDirectory)
    {
        var now = Now();
        lock (_lock)
        {
            if (_shutdown) return Failed(CheckpointFailureReason.CheckpointCoordinatorShutdown, "The checkpoint coordinator is shut down.");
            if (periodic && _pending.Count >= Configuration.MaxConcurrentCheckpoints)
                return Failed(CheckpointFailureReason.TooManyConcurrentCheckpoints, $"{_pending.Count} checkpoints are in progress (max {Configuration.MaxConcurrentCheckpoints}).");
            if (periodic && _lastCompletionTimestamp != long.MinValue && now - _lastCompletionTimestamp < (long)Configuration.MinPause.TotalMilliseconds)
                return Failed(CheckpointFailureReason.MinimumTimeBetweenCheckpoints, "The minimum pause since the last checkpoint has not passed.");
        }
        var plan = _planner();
        if (plan is null) return Failed(CheckpointFailureReason.NotAllRequiredTasksRunning, "Not all required tasks are currently running.");
        if (plan.TasksToWaitFor.Count == 0) return Failed(CheckpointFailureReason.NotAllRequiredTasksRunning, "Every task has finished.");
        if (properties.IsSynchronous && plan.FinishedTasks.Count > 0)
            return Failed(CheckpointFailureReason.NotAllRequiredTasksRunning, "Some tasks have finished; a stop-with-savepoint needs every task running.");
        if (!Configuration.CheckpointsAfterTasksFinish && plan.FinishedTasks.Count > 0)
            return Failed(CheckpointFailureReason.NotAllRequiredTasksRunning, "Some tasks have finished and execution.checkpointing.checkpoints-after-tasks-finish is false.");
        PendingCheckpoint pending;
        lock (_lock)
        {
            if (_shutdown) return Failed(CheckpointFailureReason.CheckpointCoordinatorShutdown, "The checkpoint coordinator is shut down.");
            var id = ++_nextCheckpointId;
            string? pointer;
            try
            {
                pointer = savepointDirectory is null ? Storage.InitializeLocation(id) : _storage.InitializeLocationForSavepoint(id, savepointDirectory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (savepointDirectory is not null)
                    return Failed(CheckpointFailureReason.TriggerFailure, $"Could not create a savepoint directory in '{savepointDirectory}': {e.Message}");
                return FailedCounted(id, CheckpointFailureReason.IoException, $"Could not create the location of checkpoint {id} in {Storage.Description}: {e.Message}", e);
            }
            pending = new PendingCheckpoint(id, now, plan, pointer) { Properties = properties };
            foreach (var t in plan.TasksToTrigger) pending.Triggered.Add(t.AttemptId);
            _pending[id] = pending;
            pending.Timeout = _time.CreateTimer(_ => Abort(id, new CheckpointException(CheckpointFailureReason.CheckpointExpired,
                $"Checkpoint {id} expired before completing (execution.checkpointing.timeout: {ConfigParsers.FormatDuration(Configuration.Timeout)}).")),
                null, Configuration.Timeout, Timeout.InfiniteTimeSpan);
        }
        _log.LogInformation("Triggering checkpoint {Id} (type: {Type}, periodic: {Periodic}) @ {Timestamp} for job {JobId}.", pending.CheckpointId, properties.TypeName, periodic, now, _jobId);
        try
        {
            var sources = plan.TasksToTrigger.Where(t => plan.SourceCoordinators.ContainsKey(t.Vertex)).GroupBy(t => t.Vertex);
            foreach (var group in sources)
            {
                // The enumerator's state and the barriers' injection are one step: a split assigned after the
                // snapshot reaches its reader's mailbox after the trigger, so it is in no state twice or never.
                // The state is kept before any reader is triggered: the checkpoint cannot complete without it.
                plan.SourceCoordinators[group.Key].SnapshotAndTrigger(pending.CheckpointId, state =>
                {
                    lock (_lock) pending.CoordinatorStates[group.Key.Id] = state;
                    foreach (var t in group) t.Gateway.TriggerCheckpoint(t.AttemptId, pending.CheckpointId, now, properties);
                });
            }
            foreach (var t in plan.TasksToTrigger.Where(t => !plan.SourceCoordinators.ContainsKey(t.Vertex)))
                t.Gateway.TriggerCheckpoint(t.AttemptId, pending.CheckpointId, now, properties);
        }
        catch (Exception e)
        {
            Abort(pending.CheckpointId, new CheckpointException(CheckpointFailureReasons.OfTriggerFailure(e),
                $"Checkpoint {pending.CheckpointId} could not be triggered: {e.Message}", e));
        }
        return pending.Completion.Task;
    }

    void ICheckpointResponder.AcknowledgeCheckpoint(ExecutionAttemptId attemptId, long checkpointId, SubtaskCheckpointStatistics statistics, TaskStateSnapshot state, string? stateFile) =>
        Acknowledge(attemptId, checkpointId, state, stateFile, statistics);

    /// <summary>Whether checkpoint <paramref name="checkpointId"/> is pending and still waits for <paramref name="attemptId"/>'s acknowledgement.</summary>
    internal bool IsAwaiting(long checkpointId, ExecutionAttemptId attemptId)
    {
        lock (_lock) return _pending.TryGetValue(checkpointId, out var p) && p.IsWaitingFor(attemptId);
    }

    void ICheckpointResponder.DeclineCheckpoint(ExecutionAttemptId attemptId, long checkpointId, Exception reason)
    {
        bool known;
        lock (_lock) known = _pending.TryGetValue(checkpointId, out var p) && p.IsWaitingFor(attemptId);
        if (!known) return;
        _log.LogInformation("Checkpoint {Id} of job {JobId} was declined by task {Attempt}: {Reason}", checkpointId, _jobId, attemptId, reason.Message);
        Abort(checkpointId, new CheckpointException(CheckpointFailureReason.CheckpointDeclined,
            $"Checkpoint {checkpointId} was declined by a task: {reason.Message}", reason));
    }

    /// <summary>
    /// Brook's addition to FLIP-147: Flink lets tasks that wait for their final checkpoint wait for the next periodic
    /// one (up to an interval); when every running task of the job waits and no checkpoint is pending, nothing but
    /// that checkpoint is left to do, so one is triggered at once and a bounded job ends without idling.
    /// </summary>
    void ICheckpointResponder.ReportWaitingForFinalCheckpoint(ExecutionAttemptId attemptId)
    {
        lock (_lock)
        {
            if (_shutdown) return;
            _waitingForFinalCheckpoint.Add(attemptId);
        }
        TriggerIfAllWaitForFinalCheckpoint();
    }

    private void TriggerIfAllWaitForFinalCheckpoint()
    {
        lock (_lock)
        {
            if (_shutdown || _pending.Count > 0 || _waitingForFinalCheckpoint.Count == 0) return;
        }
        var plan = _planner();
        if (plan is null || plan.TasksToWaitFor.Count == 0) return;
        lock (_lock)
        {
            if (_pending.Count > 0 || !plan.TasksToWaitFor.All(t => _waitingForFinalCheckpoint.Contains(t.AttemptId))) return;
        }
        _log.LogInformation("Every running task of job {JobId} waits for its final checkpoint: triggering one.", _jobId);
        _ = Trigger(periodic: false, CheckpointKind, null);
    }

    /// <summary>
    /// A task reached FINISHED: every pending checkpoint still waiting for it takes it as acknowledged with
    /// finished state (it has emitted everything and ended its outputs, which downstream aligners count as barriers).
    /// </summary>
    public void OnTaskFinished(ExecutionAttemptId attemptId)
    {
        List<long> waiting;
        lock (_lock)
        {
            waiting = _pending.Values.Where(p => p.IsWaitingFor(attemptId)).Select(p => p.CheckpointId).ToList();
            foreach (var id in waiting) _pending[id].FinishedWithoutBarrier.Add(attemptId);
        }
        foreach (var id in waiting) Acknowledge(attemptId, id, TaskStateSnapshot.Finished, null, null);
        TriggerTasksWithAllInputsFinished();
    }

    /// <summary>
    /// A task whose upstream tasks all finished (or, waiting for their final checkpoint with their outputs ended,
    /// acknowledged it without a barrier) would wait for this checkpoint's barrier forever: it is started directly,
    /// and takes the checkpoint once its channels ended (the issue-9 hang).
    /// </summary>
    private void TriggerTasksWithAllInputsFinished()
    {
        var late = new List<(PendingCheckpoint Pending, PlannedTask Task)>();
        lock (_lock)
        {
            foreach (var p in _pending.Values)
            {
                foreach (var t in p.TasksWithAllInputsFinished())
                {
                    p.Triggered.Add(t.AttemptId);
                    late.Add((p, t));
                }
            }
        }
        foreach (var (p, t) in late) t.Gateway.TriggerCheckpoint(t.AttemptId, p.CheckpointId, p.TriggerTimestamp, p.Properties);
    }

    private void Acknowledge(ExecutionAttemptId attemptId, long checkpointId, TaskStateSnapshot state, string? stateFile, SubtaskCheckpointStatistics? statistics)
    {
        PendingCheckpoint? complete = null;
        lock (_lock)
        {
            if (!_pending.TryGetValue(checkpointId, out var pending))
            {
                _log.LogDebug("Late acknowledgement of checkpoint {Id} by {Attempt} ignored.", checkpointId, attemptId);
                return;
            }
            if (!pending.Acknowledge(attemptId, state, stateFile, statistics)) return;
            // A running task whose operators finished snapshots without sending a barrier: its outputs have ended.
            if (state.IsTaskFinished && statistics is not null) pending.FinishedWithoutBarrier.Add(attemptId);
            if (pending.IsFullyAcknowledged)
            {
                _pending.Remove(checkpointId);
                pending.Timeout?.Dispose();
                complete = pending;
            }
        }
        if (complete is not null) Complete(complete);
        else if (state.IsTaskFinished && statistics is not null) TriggerTasksWithAllInputsFinished();
    }

    private void Complete(PendingCheckpoint pending)
    {
        CompletedCheckpoint checkpoint;
        var discarded = new List<long>();
        var subsumed = new List<long>();
        try
        {
            var (completed, files) = pending.Finalize(_jobId, Now());
            checkpoint = Storage.WriteMetadata(completed, files);
        }
        catch (Exception e)
        {
            Fail(pending, new CheckpointException(CheckpointFailureReason.FinalizeCheckpointFailure,
                $"Checkpoint {pending.CheckpointId} could not be finalized in {Storage.Description}: {e.Message}", e));
            return;
        }
        var discardedCheckpoints = new List<CompletedCheckpoint>();
        var isSavepoint = pending.Properties.IsSavepoint;
        if (isSavepoint)
        {
            try
            {
                _storage.Release(pending.CheckpointId);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.LogWarning(e, "Could not remove the staging directory of savepoint {Id} of job {JobId}.", pending.CheckpointId, _jobId);
            }
        }
        lock (_lock)
        {
            // A savepoint is the user's: it neither joins the retained checkpoints nor subsumes anything (as in Flink).
            if (!isSavepoint)
            {
                _completed.AddLast(checkpoint);
                while (_completed.Count > Configuration.NumRetained)
                {
                    discarded.Add(_completed.First!.Value.CheckpointId);
                    discardedCheckpoints.Add(_completed.First.Value);
                    _completed.RemoveFirst();
                }
                _continuousFailures = 0;
                _lastCompletionTimestamp = checkpoint.CompletionTimestamp;
                subsumed.AddRange(_pending.Where(kv => kv.Key < checkpoint.CheckpointId && !kv.Value.Properties.IsSavepoint).Select(kv => kv.Key));
            }
            _statistics.ReportCompleted(Stats(pending, CheckpointStatsStatus.COMPLETED, null, checkpoint.CompletionTimestamp));
            foreach (var id in discarded) _statistics.ReportDiscarded(id);
        }
        foreach (var c in discardedCheckpoints) DiscardQuietly(c);
        _log.LogInformation("Completed checkpoint {Id} for job {JobId} ({Size} bytes, {Location}).", checkpoint.CheckpointId, _jobId, checkpoint.StateSize,
            checkpoint.ExternalPointer ?? Storage.Description);
        // Tasks whose final state this checkpoint holds end at its notification: they wait no more.
        if (!isSavepoint)
        {
            lock (_lock) _waitingForFinalCheckpoint.ExceptWith(pending.FinishedWithoutBarrier);
        }
        foreach (var t in pending.Plan.TasksToWaitFor) t.Gateway.NotifyCheckpointComplete(t.AttemptId, checkpoint.CheckpointId);
        foreach (var id in subsumed)
            Abort(id, new CheckpointException(CheckpointFailureReason.CheckpointSubsumed, $"Checkpoint {id} was subsumed by checkpoint {checkpoint.CheckpointId}."));
        pending.Completion.TrySetResult(checkpoint);
        CheckpointCompleted?.Invoke(checkpoint);
        TriggerIfAllWaitForFinalCheckpoint();
    }

    /// <summary>Aborts every pending checkpoint, e.g. when the job fails over or stops (not counted as checkpoint failures).</summary>
    public void AbortPendingCheckpoints(string reason)
    {
        List<long> ids;
        lock (_lock) ids = _pending.Keys.ToList();
        foreach (var id in ids) Abort(id, new CheckpointException(CheckpointFailureReason.JobFailover, $"Checkpoint {id} was aborted: {reason}"));
    }

    private void Abort(long checkpointId, CheckpointException reason)
    {
        PendingCheckpoint? pending;
        lock (_lock)
        {
            if (!_pending.Remove(checkpointId, out pending)) return;
            pending.Timeout?.Dispose();
        }
        Fail(pending, reason);
    }

    private void Fail(PendingCheckpoint pending, CheckpointException reason)
    {
        Exception? failJob = null;
        lock (_lock)
        {
            _statistics.ReportFailed(Stats(pending, CheckpointStatsStatus.FAILED, reason.Message) with { FailureTimestamp = Now() });
            // Savepoint failures do not count (Flink's CheckpointFailureManager counts checkpoints only).
            if (reason.Reason.CountsAsFailure() && !_shutdown && !pending.Properties.IsSavepoint)
            {
                _continuousFailures++;
                if (_continuousFailures > Configuration.TolerableFailedCheckpoints)
                    failJob = new CheckpointException(reason.Reason, $"Exceeded checkpoint tolerable failure threshold ({Configuration.TolerableFailedCheckpoints}): {reason.Message}", reason);
            }
        }
        _log.LogWarning("Checkpoint {Id} of job {JobId} failed: {Reason}", pending.CheckpointId, _jobId, reason.Message);
        DiscardQuietly(pending.CheckpointId);
        foreach (var t in pending.Plan.TasksToWaitFor) t.Gateway.NotifyCheckpointAborted(t.AttemptId, pending.CheckpointId);
        pending.Completion.TrySetException(reason);
        CheckpointAborted?.Invoke(pending.CheckpointId, reason);
        if (failJob is not null) FailJob?.Invoke(failJob);
        else if (reason.Reason.CountsAsFailure()) TriggerIfAllWaitForFinalCheckpoint();
    }

    private Task<CompletedCheckpoint> Failed(CheckpointFailureReason reason, string message)
    {
        _log.LogDebug("Checkpoint not triggered for job {JobId}: {Message}", _jobId, message);
        return Task.FromException<CompletedCheckpoint>(new CheckpointException(reason, message));
    }

    /// <summary>A trigger that failed after its id was taken: counted like any failed checkpoint (under the lock; the job failure is raised after it).</summary>
    private Task<CompletedCheckpoint> FailedCounted(long id, CheckpointFailureReason reason, string message, Exception inner)
    {
        var pending = new PendingCheckpoint(id, Now(), new CheckpointPlan([], [], [], new Dictionary<Runtime.JobGraph.JobVertex, ISourceCoordinator>()), null);
        var e = new CheckpointException(reason, message, inner);
        ThreadPool.QueueUserWorkItem(_ => Fail(pending, e));
        return Task.FromException<CompletedCheckpoint>(e);
    }

    /// <summary>A retained checkpoint leaves: the claimed one the job restored from lives in its own directory, the others in the job's storage.</summary>
    private void DiscardQuietly(CompletedCheckpoint checkpoint)
    {
        if (!ReferenceEquals(checkpoint, _claimed) || checkpoint.ExternalPointer is not { } dir)
        {
            DiscardQuietly(checkpoint.CheckpointId);
            return;
        }
        try
        {
            if (File.Exists(Path.Combine(dir, CheckpointMetadataFormat.FileName))) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "Could not discard the claimed checkpoint {Path} of job {JobId}.", dir, _jobId);
        }
    }

    private void DiscardQuietly(long checkpointId)
    {
        try
        {
            Storage.Discard(checkpointId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "Could not discard checkpoint {Id} of job {JobId} in {Location}.", checkpointId, _jobId, Storage.Description);
        }
    }

    private CheckpointStatistics Stats(PendingCheckpoint p, CheckpointStatsStatus status, string? failure, long? completion = null) => new(
        p.CheckpointId, status, p.TriggerTimestamp,
        completion ?? (p.SubtaskStatistics.Count == 0 ? -1 : p.SubtaskStatistics.Max(s => s.AckTimestamp)),
        p.SubtaskStatistics.Sum(s => s.StateSize), p.NumberOfTasks, p.NumberOfAcknowledged, p.ExternalPointer, failure,
        p.SubtaskStatistics.Select(s => (p.StatisticsVertex[s], s)).ToList())
    {
        Properties = p.Properties,
        SubtasksPerVertex = p.Plan.TasksToWaitFor.Concat(p.Plan.FinishedTasks).GroupBy(t => t.Vertex.Id).ToDictionary(g => g.Key, g => g.Count()),
    };

    /// <summary>
    /// Stops the coordinator when the job ended: aborts what is pending and applies the retention policy
    /// (execution.checkpointing.externalized-checkpoint-retention) to the retained checkpoints.
    /// </summary>
    public void Shutdown(Core.States.JobStatus finalStatus)
    {
        StopCheckpointScheduler();
        AbortPendingCheckpoints($"the job is {finalStatus}.");
        List<CompletedCheckpoint> toDiscard;
        lock (_lock)
        {
            if (_shutdown) return;
            _shutdown = true;
            var keep = Configuration.Retention switch
            {
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION => finalStatus is Core.States.JobStatus.CANCELED or Core.States.JobStatus.FAILED,
                ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION => finalStatus == Core.States.JobStatus.FAILED,
                _ => false,
            };
            toDiscard = keep ? [] : _completed.ToList();
        }
        foreach (var c in toDiscard) DiscardQuietly(c);
        try
        {
            Storage.DisposeIfEmpty();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning(e, "Could not remove the checkpoint directory {Location} of job {JobId}.", Storage.Description, _jobId);
        }
    }

    public void Dispose() => Shutdown(Core.States.JobStatus.CANCELED);

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
