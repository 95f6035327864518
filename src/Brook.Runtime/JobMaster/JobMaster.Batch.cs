using System.Collections.Concurrent;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Partitions;
using Brook.Runtime.TaskExecutor;
using Microsoft.Extensions.Logging;

namespace Brook.Runtime.JobMaster;

/// <summary>
/// Stage-by-stage scheduling over blocking exchanges (Flink's PipelinedRegionSchedulingStrategy for batch jobs): a pipelined
/// region (vertices joined by pipelined edges) is deployed once every producer of its blocking inputs finished; until then
/// its executions stay CREATED. Producers write blocking results into partitions kept on their TaskManagers, which
/// consumers read whole; the job's partitions are released when it ends, except cached results (BLOCKING_PERSISTENT),
/// which a finished job promotes to cluster partitions.
/// </summary>
public sealed partial class JobMaster
{
    private readonly ConcurrentDictionary<ResultPartitionId, BlockingResultPartition> _blockingPartitions = new();

    private BlockingResultPartition BlockingPartition(ResultPartitionId id) =>
        _blockingPartitions.TryGetValue(id, out var p) ? p : throw new PartitionNotFoundException(id);

    /// <summary>Whether every producer of the task's vertex's blocking inputs (and of its region's) has finished.</summary>
    private bool BlockingInputsFinished(ExecutionJobVertex vertex) =>
        vertex.JobVertex.Inputs.Where(i => i.IsBlocking).All(i =>
            _graph.Vertices.First(v => v.JobVertex == i.Source).TaskVertices.All(t => t.CurrentExecution.State == ExecutionState.FINISHED));

    /// <summary>The tasks among <paramref name="tasks"/> whose whole pipelined region may run now (all of them in a streaming job).</summary>
    private HashSet<ExecutionVertex> SchedulableNow(IEnumerable<ExecutionVertex> tasks)
    {
        var set = tasks.ToHashSet();
        if (!_jobGraph.Edges.Any(e => e.IsBlocking)) return set;
        var ready = Failover.PipelinedRegions.Compute(_graph.Vertices).Where(r => r.All(BlockingInputsFinished)).SelectMany(r => r).ToHashSet();
        set.RemoveWhere(t => !ready.Contains(t.JobVertex));
        return set;
    }

    /// <summary>A task finished: frees the blocking results nobody will read again, then deploys the regions that became ready. Under the lock.</summary>
    private void OnTaskFinished(long now, SchedulerActions actions)
    {
        ReleaseConsumedPartitions();
        ScheduleReadyRegions(now, actions);
    }

    /// <summary>
    /// Releases the BLOCKING results whose consumer vertex finished entirely (Flink's RegionPartitionGroupReleaseStrategy), so
    /// a job holds at most the results of the stages still to run. A consumer restarts only with its producers (full
    /// failover), which write them anew. Cached results (BLOCKING_PERSISTENT) stay until the job ends. Under the lock.
    /// </summary>
    private void ReleaseConsumedPartitions()
    {
        foreach (var edge in _jobGraph.Edges.Where(e => e.PartitionType == ResultPartitionType.BLOCKING))
        {
            var consumer = _graph.Vertices.First(v => v.JobVertex == edge.Target);
            if (!consumer.TaskVertices.All(t => t.CurrentExecution.State == ExecutionState.FINISHED)) continue;
            for (var p = 0; p < edge.Source.Parallelism; p++)
            {
                var id = new ResultPartitionId(edge.ResultId, p);
                if (!_blockingPartitions.TryRemove(id, out var partition)) continue;
                partition.Release();
                _resourceManager.PartitionTracker.Store(_slots[p].TaskManager)?.Release([id]);
            }
        }
    }

    /// <summary>
    /// After a producer finished: deploys each region whose executions are all not yet deployed (and not waiting to
    /// restart) and whose blocking inputs are now complete. Under the lock.
    /// </summary>
    private void ScheduleReadyRegions(long now, SchedulerActions actions)
    {
        if (_graph.Status is not (JobStatus.RUNNING or JobStatus.RESTARTING) || _waitingForSlots || _slots.Length == 0) return;
        if (!_jobGraph.Edges.Any(e => e.IsBlocking)) return;
        foreach (var region in Failover.PipelinedRegions.Compute(_graph.Vertices))
        {
            var tasks = region.SelectMany(v => v.TaskVertices).ToHashSet();
            // Not deployed yet: CREATED (or SCHEDULED by the adaptive scheduler's start, which schedules every execution at once).
            if (!tasks.All(t => t.CurrentExecution is { State: ExecutionState.CREATED or ExecutionState.SCHEDULED, TaskManager: null })
                || _pendingRestarts.Any(p => p.Tasks.Overlaps(tasks))) continue;
            if (!region.All(BlockingInputsFinished)) continue;
            foreach (var t in tasks) t.CurrentExecution.TransitionTo(ExecutionState.SCHEDULED, now);
            _log.LogInformation("Job {Name} ({JobId}) schedules {Vertices}: their blocking inputs are complete.", JobName, JobId,
                string.Join(", ", region.Select(v => v.JobVertex.Name)));
            try
            {
                actions.ToDeploy.AddRange(PrepareDeployment(tasks, null));
            }
            catch (Exception ex)
            {
                HandleFailure(ex, null, now, actions);
                return;
            }
        }
    }

    /// <summary>
    /// Adds to a restart the producers of blocking inputs that are gone (released with a lost TaskManager), with what the
    /// failover strategy restarts along with them (their downstream regions), as Flink restarts the producers of
    /// unavailable partitions. Under the lock.
    /// </summary>
    private void AddRegionsOfLostInputs(HashSet<ExecutionVertex> tasks)
    {
        var pending = new Queue<ExecutionVertex>(tasks);
        while (pending.TryDequeue(out var task))
        {
            foreach (var edge in task.JobVertex.JobVertex.Inputs.Where(e => e.IsBlocking))
            {
                var producer = _graph.Vertices.First(v => v.JobVertex == edge.Source);
                foreach (var p in producer.TaskVertices)
                {
                    if (tasks.Contains(p)) continue;
                    var id = new ResultPartitionId(edge.ResultId, p.SubtaskIndex);
                    var available = p.CurrentExecution.State != ExecutionState.FINISHED
                                    || _blockingPartitions.TryGetValue(id, out var partition) && !partition.IsReleased;
                    if (available) continue;
                    foreach (var t in _failoverStrategy.GetTasksNeedingRestart(p))
                    {
                        if (tasks.Add(t)) pending.Enqueue(t);
                    }
                }
            }
        }
    }

    /// <summary>Creates (replacing earlier attempts') the blocking partitions the tasks will write, on their TaskManagers. Under the lock.</summary>
    private void CreateBlockingPartitions(IEnumerable<ExecutionVertex> tasks)
    {
        foreach (var tv in tasks)
        {
            foreach (var edge in tv.JobVertex.JobVertex.Outputs.Where(e => e.IsBlocking))
            {
                var id = new ResultPartitionId(edge.ResultId, tv.SubtaskIndex);
                var partition = BlockingResultPartition.Create(edge.StreamEdge.Type, id, JobId, edge.Target.Parallelism, _channelSizing.RecordsPerBuffer);
                if (_blockingPartitions.TryGetValue(id, out var previous)) previous.Release();
                _blockingPartitions[id] = partition;
                // The partition lives on the producer's TaskManager; without a tracked store (test gateways) the JobMaster alone holds it.
                _resourceManager.PartitionTracker.Store(_slots[tv.SubtaskIndex].TaskManager)?.Register(partition);
            }
        }
    }

    /// <summary>
    /// The job ended: a FINISHED job keeps its cached results as cluster partitions (and reports them to the ResourceManager);
    /// every other partition of the job is released, freeing its memory.
    /// </summary>
    private void ReleaseOrPromotePartitions(JobStatus status)
    {
        var promote = status == JobStatus.FINISHED
            ? _jobGraph.Edges.Where(e => e.PartitionType == ResultPartitionType.BLOCKING_PERSISTENT).DistinctBy(e => e.ResultId)
                .ToDictionary(e => e.ResultId, e => e.Source.Parallelism)
            : new Dictionary<IntermediateDataSetId, int>();
        var tracker = _resourceManager.PartitionTracker;
        foreach (var tm in _blockingPartitions.Keys.Select(id => _slots.Length > id.PartitionNumber ? _slots[id.PartitionNumber].TaskManager : (ResourceId?)null)
                     .Where(t => t is not null).Select(t => t!.Value).Distinct())
        {
            if (tracker.Store(tm) is not { } store) continue;
            if (store.ReleaseOrPromoteJobPartitions(JobId, promote)) tracker.ProcessClusterPartitionReport(tm, store.CreateClusterPartitionReport());
        }
        foreach (var (id, p) in _blockingPartitions)
        {
            if (!promote.ContainsKey(id.DataSetId)) p.Release();
        }
        _blockingPartitions.Clear();
    }
}
