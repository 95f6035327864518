using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Failover;
using Brook.Runtime.JobGraph;
using Microsoft.Extensions.Logging;
using EG = Brook.Runtime.ExecutionGraph.ExecutionGraph;

namespace Brook.Runtime.JobMaster;

/// <summary>
/// Live rescaling (what Flink's adaptive scheduler does when its resources or requirements change): a checkpoint is
/// taken while the job runs on, every task is cancelled (the job is RESTARTING meanwhile), and the job is deployed
/// again as a new ExecutionGraph at the new parallelism, its state redistributed from that checkpoint
/// (<see cref="Checkpointing.StateAssignmentOperation"/>). Output stays exactly-once: whatever the old tasks did after
/// the checkpoint was not committed and is replayed. Slots for a larger parallelism are taken before anything stops,
/// so a rescale the cluster cannot hold fails at once and the job runs on untouched.
/// </summary>
public sealed partial class JobMaster
{
    private PendingRescale? _pendingRescale;

    /// <summary>Between the cancellation of the old tasks and the deployment of the rescaled ones: the job must not end.</summary>
    private bool IsRescaleRedeploying => _pendingRescale is { Redeploying: true };

    /// <summary>
    /// Rescales every vertex to <paramref name="parallelism"/>, each capped by its max parallelism (PATCH /jobs/:jobid/rescaling).
    /// Under the adaptive scheduler this becomes the job's requirements too, so the scheduler keeps the job there.
    /// </summary>
    public Task RescaleAsync(int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parallelism);
        var targets = VertexParallelism.Uniform(JobGraph, parallelism);
        if (IsAdaptive) RequireParallelism(targets);
        return RescaleAsync(targets);
    }

    /// <summary>
    /// Rescales the running job to the given parallelism per vertex (capped by max parallelism, equal across forward
    /// exchanges). Completes when the rescaled tasks are deployed; fails, leaving the job running as it was, when the
    /// job is not running, another rescale is under way, the slots are missing or the checkpoint fails.
    /// </summary>
    public Task RescaleAsync(IReadOnlyDictionary<JobVertexId, int> targets)
    {
        PendingRescale pending;
        lock (_lock)
        {
            if (_graph.Status != JobStatus.RUNNING || _pendingRestarts.Count > 0 || _waitingForSlots || !_started)
                throw new InvalidOperationException($"Job {JobName} ({JobId}) cannot be rescaled while it is {(_graph.Status == JobStatus.RUNNING ? "waiting for slots or restarting tasks" : _graph.Status.ToString())}; only a running job can be rescaled.");
            if (_pendingRescale is not null)
                throw new InvalidOperationException($"Another rescale of job {JobName} ({JobId}) is in progress.");
            var parallelism = VertexParallelism.Harmonize(_jobGraph, targets);
            if (VertexParallelism.IsUnchanged(_jobGraph, parallelism)) return Task.CompletedTask;
            var rescaled = VertexParallelism.Apply(_jobGraph, parallelism);
            var missing = rescaled.MaximumParallelism - _slots.Length;
            IReadOnlyList<ResourceManager.SlotId> extra = [];
            if (missing > 0)
            {
                var (total, free) = _resourceManager.SlotCounts();
                extra = _resourceManager.TryAllocate(JobId, missing) ?? throw new NoResourceAvailableException(
                    $"Could not rescale job '{JobName}' ({JobId}): it needs {rescaled.MaximumParallelism} slots (its largest vertex parallelism) and holds {_slots.Length}, " +
                    $"but only {free} of {total} slots are free.");
            }
            _pendingRescale = pending = new PendingRescale(rescaled, extra);
        }
        _log.LogInformation("Job {Name} ({JobId}) rescales to {Parallelism}; taking a checkpoint first.", JobName, JobId,
            string.Join(", ", pending.JobGraph.Vertices.Select(v => $"{v.Name}: {v.Parallelism}")));
        _ = CheckpointThenCancelAsync(pending);
        return pending.Completion.Task;
    }

    private async Task CheckpointThenCancelAsync(PendingRescale pending)
    {
        Checkpointing.CompletedCheckpoint checkpoint;
        try
        {
            checkpoint = await _checkpointCoordinator.TriggerCheckpointAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Abandon(pending, new InvalidOperationException($"Could not rescale job '{JobName}' ({JobId}): the checkpoint before the rescale failed: {e.Message}", e));
            return;
        }
        var actions = new SchedulerActions();
        lock (_lock)
        {
            if (_pendingRescale != pending) return;
            if (_graph.Status != JobStatus.RUNNING || _pendingRestarts.Count > 0)
            {
                _pendingRescale = null;
                actions.SlotsToRelease.AddRange(pending.ExtraSlots);
                pending.Completion.TrySetException(new InvalidOperationException(
                    $"Could not rescale job '{JobName}' ({JobId}): the job became {_graph.Status} while the checkpoint before the rescale was taken."));
            }
            else
            {
                pending.Checkpoint = checkpoint;
                pending.Redeploying = true;
                var now = Now();
                _graph.TransitionTo(JobStatus.RESTARTING, now);
                actions.AbortCheckpoints = $"job {JobId} is being rescaled.";
                actions.CheckpointScheduler = false;
                actions.ToCancel.AddRange(CancelExecutions(_graph.CurrentExecutions));
                DeployRescaledWhenReady(now, actions);
            }
        }
        Apply(actions);
    }

    private void Abandon(PendingRescale pending, Exception cause)
    {
        lock (_lock)
        {
            if (_pendingRescale != pending) return;
            _pendingRescale = null;
        }
        if (pending.ExtraSlots.Count > 0) _resourceManager.Release(JobId, pending.ExtraSlots);
        pending.Completion.TrySetException(cause);
        _log.LogWarning(cause, "Rescaling job {Name} ({JobId}) failed; it runs on unchanged.", JobName, JobId);
    }

    /// <summary>Fails a rescale the job's end overtook (its slots are released with the job's). Under the lock.</summary>
    private void FailPendingRescale(Exception cause)
    {
        if (_pendingRescale is not { } pending) return;
        _pendingRescale = null;
        pending.Completion.TrySetException(cause);
    }

    /// <summary>
    /// Once every old task ended: the new ExecutionGraph at the new parallelism, the job's slots grown or shrunk to fit,
    /// and every subtask deployed from the rescale's checkpoint. Under the lock.
    /// </summary>
    private void DeployRescaledWhenReady(long now, SchedulerActions actions)
    {
        if (_pendingRescale is not { Redeploying: true } pending || !_graph.CurrentExecutions.All(e => e.IsTerminal)) return;
        var checkpoint = pending.Checkpoint;
        _pendingRescale = null;
        if (_graph.Status != JobStatus.RESTARTING || _pendingRestarts.Count > 0)
        {
            actions.SlotsToRelease.AddRange(pending.ExtraSlots);
            pending.Completion.TrySetException(new InvalidOperationException($"Could not rescale job '{JobName}' ({JobId}): it became {_graph.Status} during the rescale."));
            return;
        }
        // The job's live slots, those taken for the rescale, and free ones for any a lost TaskManager took along.
        var needed = pending.JobGraph.MaximumParallelism;
        var slots = _slots.Where(IsSlotAlive).Concat(pending.ExtraSlots).ToList();
        if (slots.Count < needed && _resourceManager.TryAllocate(JobId, needed - slots.Count) is { } replacements) slots.AddRange(replacements);
        if (slots.Count < needed)
        {
            actions.SlotsToRelease.AddRange(slots);
            var cause = new NoResourceAvailableException($"Could not redeploy the rescaled job '{JobName}' ({JobId}): it needs {needed} slots, but only {slots.Count} are available.");
            pending.Completion.TrySetException(cause);
            HandleFailure(cause, null, now, actions);
            RestartReadyTasks(now, actions);
            return;
        }
        actions.SlotsToRelease.AddRange(slots.Skip(needed));
        _slots = slots.Take(needed).ToArray();
        Volatile.Write(ref _jobGraph, pending.JobGraph);
        _graph = new EG(pending.JobGraph, _graph, now);
        _executions.Clear();
        foreach (var e in _graph.CurrentExecutions) _executions[e.AttemptId] = e;
        _allTasks = _graph.Vertices.SelectMany(v => v.TaskVertices).ToHashSet();
        _failoverStrategy = FailoverStrategyFactoryLoader.Create(_effectiveConfiguration, _graph.Vertices);
        foreach (var e in _graph.CurrentExecutions) e.TransitionTo(ExecutionState.SCHEDULED, now);
        try
        {
            actions.ToDeploy.AddRange(PrepareDeployment(_allTasks, checkpoint));
            if (checkpoint is not null) _checkpointCoordinator.ReportRestored(checkpoint);
        }
        catch (Exception ex)
        {
            actions.ToDeploy.Clear();
            pending.Completion.TrySetException(ex);
            HandleFailure(ex, null, now, actions);
            RestartReadyTasks(now, actions);
            return;
        }
        _graph.TransitionTo(JobStatus.RUNNING, now);
        actions.CheckpointScheduler = true;
        _log.LogInformation("Job {Name} ({JobId}) is redeployed at its new parallelism from checkpoint {Checkpoint}.", JobName, JobId, checkpoint?.CheckpointId);
        pending.Completion.TrySetResult();
    }
}
