using Brook.Runtime.ExecutionGraph;

namespace Brook.Runtime.Failover;

/// <summary>Which subtasks restart when one fails (Flink's FailoverStrategy).</summary>
internal interface IFailoverStrategy
{
    IReadOnlySet<ExecutionVertex> GetTasksNeedingRestart(ExecutionVertex failed);
}
