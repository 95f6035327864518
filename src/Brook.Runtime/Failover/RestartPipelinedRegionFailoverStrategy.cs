using Brook.Runtime.ExecutionGraph;

namespace Brook.Runtime.Failover;

/// <summary>
/// A failure restarts the failed subtask's pipelined region (Flink's RestartPipelinedRegionFailoverStrategy, <c>region</c>).
/// Every exchange of a streaming job is pipelined, so a region is a connected component of the job graph. Brook's
/// in-process exchange connects every producer subtask with every consumer subtask of an edge (watermarks and
/// end-of-partition reach all of them), so a region holds all subtasks of its job vertices.
/// </summary>
internal sealed class RestartPipelinedRegionFailoverStrategy : IFailoverStrategy
{
    private readonly Dictionary<ExecutionJobVertex, IReadOnlySet<ExecutionVertex>> _regionOf = new();

    public RestartPipelinedRegionFailoverStrategy(IReadOnlyList<ExecutionJobVertex> vertices)
    {
        foreach (var region in PipelinedRegions.Compute(vertices))
        {
            var tasks = region.SelectMany(v => v.TaskVertices).ToHashSet();
            foreach (var v in region) _regionOf[v] = tasks;
        }
    }

    public IReadOnlySet<ExecutionVertex> GetTasksNeedingRestart(ExecutionVertex failed) => _regionOf[failed.JobVertex];
}
