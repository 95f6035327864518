using Brook.Core.Ids;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.JobMaster;

public sealed partial class JobMaster
{
    /// <summary>
    /// Where a current or earlier attempt of this job was deployed: its vertex, subtask and TaskManager; null for an attempt
    /// this job does not know (messages about it are ignored, as Flink's JobMaster ignores updates of unknown executions).
    /// </summary>
    internal (JobGraph.JobVertex Vertex, int SubtaskIndex, int AttemptNumber, ResourceId? TaskManager, bool IsTerminal)? DescribeAttempt(ExecutionAttemptId attemptId)
    {
        lock (_lock)
        {
            return _executions.TryGetValue(attemptId, out var e)
                ? (e.Vertex.JobVertex.JobVertex, e.Vertex.SubtaskIndex, e.AttemptNumber, e.TaskManager?.Id, e.IsTerminal)
                : null;
        }
    }
}
