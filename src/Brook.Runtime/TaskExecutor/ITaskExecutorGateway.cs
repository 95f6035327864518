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

    /// <summary>Starts checkpoint <paramref name="checkpointId"/> (of the kind <paramref name="properties"/> says) at a task the barrier starts from (a source); ignored if the task is gone.</summary>
    void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, Checkpointing.CheckpointProperties properties);

    void NotifyCheckpointComplete(ExecutionAttemptId attemptId, long checkpointId);

    void NotifyCheckpointAborted(ExecutionAttemptId attemptId, long checkpointId);

    /// <summary>The live metrics of a running attempt; null once it is gone.</summary>
    Metrics.TaskMetricsSnapshot? GetTaskMetrics(ExecutionAttemptId attemptId);

    /// <summary>Copies of the live accumulators of a running attempt; null once it is gone.</summary>
    IReadOnlyDictionary<string, Streaming.Accumulators.IAccumulator>? GetAccumulators(ExecutionAttemptId attemptId);
}
