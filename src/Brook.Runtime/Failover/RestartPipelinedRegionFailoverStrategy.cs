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
        var regions = PipelinedRegions.Compute(vertices);
        var regionOfVertex = regions.SelectMany(r => r.Select(v => (v.JobVertex.Id, Region: r))).ToDictionary(p => p.Id, p => p.Region);
        foreach (var region in regions)
        {
            // A restarted region writes its blocking results anew, so every region downstream of them restarts too (Flink's
            // consumer regions); the blocking inputs of the failed region itself are kept and read again.
            var restart = new HashSet<ExecutionJobVertex>();
            var pending = new Queue<IReadOnlyList<ExecutionJobVertex>>([region]);
            while (pending.TryDequeue(out var r))
            {
                if (!r.All(restart.Add)) continue;
                foreach (var edge in r.SelectMany(v => v.JobVertex.Outputs).Where(e => e.IsBlocking)) pending.Enqueue(regionOfVertex[edge.Target.Id]);
            }
            var tasks = restart.SelectMany(v => v.TaskVertices).ToHashSet();
            foreach (var v in region) _regionOf[v] = tasks;
        }
    }

    public IReadOnlySet<ExecutionVertex> GetTasksNeedingRestart(ExecutionVertex failed) => _regionOf[failed.JobVertex];
}
