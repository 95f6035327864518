using Brook.Runtime.Tasks;

namespace Brook.Runtime.Checkpointing;

/// <summary>How a task answers a checkpoint (Flink's CheckpointResponder): acknowledge with its state and figures, or decline.</summary>
internal interface ICheckpointResponder
{
    /// <summary><paramref name="stateFile"/>: where the task wrote its state in the checkpoint directory (null: the state travels in memory).</summary>
    void AcknowledgeCheckpoint(ExecutionAttemptId attemptId, long checkpointId, SubtaskCheckpointStatistics statistics, TaskStateSnapshot state, string? stateFile);

    void DeclineCheckpoint(ExecutionAttemptId attemptId, long checkpointId, Exception reason);

    /// <summary>The task's input ended and its operators finished: it waits for a checkpoint covering its final state.</summary>
    void ReportWaitingForFinalCheckpoint(ExecutionAttemptId attemptId);
}
