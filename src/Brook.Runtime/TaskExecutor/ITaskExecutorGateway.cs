using Brook.Core.Ids;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.TaskExecutor;

/// <summary>What a JobMaster asks of a TaskExecutor (Flink's TaskExecutorGateway): run and cancel task attempts.</summary>
public interface ITaskExecutorGateway
{
    ResourceId Id { get; }

    string Address { get; }

    void SubmitTask(TaskDeploymentDescriptor descriptor);

    void CancelTask(ExecutionAttemptId attemptId);

    /// <summary>The live metrics of a running attempt; null once it is gone.</summary>
    Metrics.TaskMetricsSnapshot? GetTaskMetrics(ExecutionAttemptId attemptId);

    /// <summary>Copies of the live accumulators of a running attempt; null once it is gone.</summary>
    IReadOnlyDictionary<string, Streaming.Accumulators.IAccumulator>? GetAccumulators(ExecutionAttemptId attemptId);
}
