using Brook.Runtime.Tasks;

namespace Brook.Runtime.Checkpointing;

/// <summary>How a task answers a checkpoint (Flink's CheckpointResponder): acknowledge with its state and figures, or decline.</summary>
internal interface ICheckpointResponder
{
    void AcknowledgeCheckpoint(ExecutionAttemptId attemptId, long checkpointId, SubtaskCheckpointStatistics statistics, TaskStateSnapshot state);

    void DeclineCheckpoint(ExecutionAttemptId attemptId, long checkpointId, Exception reason);
}
