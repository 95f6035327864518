namespace Brook.Runtime.Checkpointing;

/// <summary>The status of a checkpoint in the statistics (Flink's CheckpointStatsStatus).</summary>
public enum CheckpointStatsStatus
{
    IN_PROGRESS,
    COMPLETED,
    FAILED,
}

/// <summary>
/// One checkpoint's figures as the coordinator measured them (Flink's AbstractCheckpointStats), for the REST
/// statistics: per-subtask figures come from the tasks' acknowledgements.
/// </summary>
public sealed record CheckpointStatistics(
    long CheckpointId,
    CheckpointStatsStatus Status,
    long TriggerTimestamp,
    long LatestAckTimestamp,
    long StateSize,
    int NumberOfSubtasks,
    int NumberOfAcknowledgedSubtasks,
    string? ExternalPath,
    string? FailureMessage,
    IReadOnlyList<(Core.Ids.JobVertexId Vertex, SubtaskCheckpointStatistics Subtask)> Subtasks);
