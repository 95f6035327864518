using Brook.Runtime.ExecutionGraph;

namespace Brook.Runtime.Failover;

/// <summary>Every failure restarts every subtask of the job (Flink's RestartAllFailoverStrategy, <c>full</c>).</summary>
internal sealed class RestartAllFailoverStrategy(IEnumerable<ExecutionJobVertex> vertices) : IFailoverStrategy
{
    private readonly IReadOnlySet<ExecutionVertex> _all = vertices.SelectMany(v => v.TaskVertices).ToHashSet();

    public IReadOnlySet<ExecutionVertex> GetTasksNeedingRestart(ExecutionVertex failed) => _all;
}
