using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.JobGraph;
using Microsoft.Extensions.Logging;
using EG = Brook.Runtime.ExecutionGraph.ExecutionGraph;

namespace Brook.Runtime.JobMaster;

/// <summary>
/// The adaptive scheduler's part (jobmanager.scheduler: adaptive; scheduler-mode: reactive): the job keeps resource
/// requirements, a parallelism range per vertex, and runs each vertex as high in its range as the slots it holds plus
/// the free ones allow. New requirements, slots freed or added (a TaskManager joining) and all tasks running again
/// lead to a live rescale when the parallelism the job could have differs from the one it has; a restart that cannot
/// get its slots back (a TaskManager left) redeploys the job smaller from its latest checkpoint instead of waiting.
/// Reactive mode asks every vertex for up to its max parallelism and takes no requirements from outside.
/// </summary>
public sealed partial class JobMaster
{
    private JobResourceRequirements? _resourceRequirements;

    /// <summary>Flink's SchedulerNG default text for a scheduler that cannot change the parallelism of a running job.</summary>
    private const string DefaultSchedulerCannotRescale =
        "The DefaultScheduler does not support changing the parallelism without a job restart. This feature is currently only expected to work with the AdaptiveScheduler.";

    public bool IsAdaptive => SchedulerOptions.IsAdaptive(_effectiveConfiguration);

    public bool IsReactive => SchedulerOptions.IsReactive(_effectiveConfiguration);

    /// <summary>The job's resource requirements (Flink's AdaptiveScheduler.requestJobResourceRequirements); the default scheduler has none.</summary>
    public JobResourceRequirements ResourceRequirements
    {
        get
        {
            if (!IsAdaptive) throw new NotSupportedException(DefaultSchedulerCannotRescale);
            lock (_lock) return _resourceRequirements ??= InitialRequirements();
        }
    }

    /// <summary>
    /// Replaces the resource requirements (validated as Flink validates them: <see cref="JobResourceRequirements.Validate"/>)
    /// and rescales the running job into them as far as its slots allow.
    /// </summary>
    public void UpdateResourceRequirements(JobResourceRequirements requirements)
    {
        if (IsReactive) throw new NotSupportedException("Cannot change the parallelism of a job running in reactive mode.");
        if (!IsAdaptive) throw new NotSupportedException(DefaultSchedulerCannotRescale);
        lock (_lock)
        {
            var max = _jobGraph.Vertices.ToDictionary(v => v.Id, v => v.MaxParallelism);
            var errors = JobResourceRequirements.Validate(requirements, max);
            if (errors.Count > 0) throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(requirements));
            _resourceRequirements = new JobResourceRequirements(requirements.Vertices.ToDictionary(kv => kv.Key, kv =>
            {
                var (lower, upper) = JobResourceRequirements.Expand(kv.Value, max[kv.Key]);
                return new VertexParallelismBounds(lower, upper);
            }));
        }
        _log.LogInformation("Job {Name} ({JobId}) has new resource requirements: {Requirements}.", JobName, JobId,
            string.Join(", ", requirements.Vertices.Select(kv => $"{kv.Key}: [{kv.Value.LowerBound}, {kv.Value.UpperBound}]")));
        MaybeRescaleToRequirements();
    }

    /// <summary>A rescale asked for directly (PATCH) sets the upper bounds, so the adaptive scheduler does not undo it.</summary>
    private void RequireParallelism(IReadOnlyDictionary<JobVertexId, int> targets)
    {
        if (IsReactive) throw new InvalidOperationException("Cannot change the parallelism of a job running in reactive mode.");
        lock (_lock)
        {
            var current = _resourceRequirements ??= InitialRequirements();
            _resourceRequirements = new JobResourceRequirements(current.Vertices.ToDictionary(kv => kv.Key,
                kv => new VertexParallelismBounds(Math.Min(kv.Value.LowerBound, targets[kv.Key]), targets[kv.Key])));
        }
    }

    private JobResourceRequirements InitialRequirements() =>
        new(_jobGraph.Vertices.ToDictionary(v => v.Id, v => new VertexParallelismBounds(1, IsReactive ? v.MaxParallelism : v.Parallelism)));

    /// <summary>
    /// The parallelism the requirements ask for within the slots the job could hold now (its live slots plus the free
    /// ones): each vertex at its upper bound, lowered to those slots, never below its lower bound; null when even the
    /// lower bounds do not fit. Under the lock.
    /// </summary>
    private IReadOnlyDictionary<JobVertexId, int>? ParallelismWithinAvailableSlots()
    {
        var requirements = _resourceRequirements ??= InitialRequirements();
        var available = _slots.Count(IsSlotAlive) + _resourceManager.SlotCounts().Free;
        var desired = requirements.Vertices.ToDictionary(kv => kv.Key, kv => Math.Max(kv.Value.LowerBound, Math.Min(kv.Value.UpperBound, available)));
        var harmonized = VertexParallelism.Harmonize(_jobGraph, desired);
        return harmonized.Values.Max() <= available ? harmonized : null;
    }

    /// <summary>
    /// A job that cannot get the slots of its parallelism at its start: under the adaptive scheduler it starts at the
    /// parallelism the free slots allow within its requirements (the ExecutionGraph is rebuilt before anything is
    /// deployed) and grows when slots appear. Null when the lower bounds do not fit either. Under the lock.
    /// </summary>
    private IReadOnlyList<ResourceManager.SlotId>? TryAllocateWithinRequirements()
    {
        if (!IsAdaptive || ParallelismWithinAvailableSlots() is not { } target) return null;
        var rescaled = VertexParallelism.Apply(_jobGraph, target);
        if (_resourceManager.TryAllocate(JobId, rescaled.MaximumParallelism) is not { } slots) return null;
        var now = Now();
        Volatile.Write(ref _jobGraph, rescaled);
        _graph = new EG(rescaled, _graph, now);
        _executions.Clear();
        foreach (var e in _graph.CurrentExecutions)
        {
            _executions[e.AttemptId] = e;
            e.TransitionTo(ExecutionState.SCHEDULED, now);
        }
        _allTasks = _graph.Vertices.SelectMany(v => v.TaskVertices).ToHashSet();
        _failoverStrategy = Failover.FailoverStrategyFactoryLoader.Create(_effectiveConfiguration, _graph.Vertices);
        _log.LogInformation("Job {Name} ({JobId}) starts at {Parallelism}, the parallelism the free slots allow.", JobName, JobId, rescaled.MaximumParallelism);
        return slots;
    }

    /// <summary>Under the adaptive scheduler, starts a live rescale when the job could run at another parallelism than it does.</summary>
    private void MaybeRescaleToRequirements()
    {
        IReadOnlyDictionary<JobVertexId, int>? target;
        lock (_lock)
        {
            if (!IsAdaptive || !_started || _graph.Status != JobStatus.RUNNING || _pendingRescale is not null || _pendingRestarts.Count > 0 || _waitingForSlots) return;
            if (!_graph.CurrentExecutions.All(e => e.State is ExecutionState.RUNNING or ExecutionState.FINISHED)) return;
            target = ParallelismWithinAvailableSlots();
            if (target is null || VertexParallelism.IsUnchanged(_jobGraph, target)) return;
        }
        try
        {
            RescaleAsync(target).ContinueWith(t => _log.LogWarning(t.Exception?.GetBaseException(), "The adaptive scheduler could not rescale job {Name} ({JobId}).", JobName, JobId),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (InvalidOperationException e)
        {
            // The job changed between the check and the rescale (it is restarting, or another rescale began): the next event tries again.
            _log.LogDebug(e, "Job {Name} ({JobId}) was not rescaled.", JobName, JobId);
        }
    }

    /// <summary>
    /// A restart that cannot get its slots back under the adaptive scheduler: the whole job is redeployed at the
    /// parallelism the remaining slots allow, from its latest checkpoint. False when the lower bounds do not fit
    /// either (the restart then waits for slots as usual). Under the lock.
    /// </summary>
    private bool TryRedeployWithinAvailableSlots(long now, SchedulerActions actions)
    {
        if (!IsAdaptive || ParallelismWithinAvailableSlots() is not { } target) return false;
        FailPendingRescale(new InvalidOperationException($"Job {JobId} lost slots while it was being rescaled; it is redeployed within the slots left."));
        DropPendingRestarts();
        actions.ToCancel.AddRange(CancelExecutions(_graph.CurrentExecutions));
        _pendingRescale = new PendingRescale(VertexParallelism.Apply(_jobGraph, target), [])
        {
            Checkpoint = _checkpointCoordinator.LatestCompletedCheckpoint ?? _restoreFrom,
            Redeploying = true,
        };
        _log.LogInformation("Job {Name} ({JobId}) cannot get its slots back; the adaptive scheduler redeploys it at {Parallelism}.", JobName, JobId,
            string.Join(", ", target.Values));
        DeployRescaledWhenReady(now, actions);
        return true;
    }
}
