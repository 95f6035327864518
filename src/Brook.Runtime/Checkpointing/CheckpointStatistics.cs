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
    IReadOnlyList<(Core.Ids.JobVertexId Vertex, SubtaskCheckpointStatistics Subtask)> Subtasks)
{
    /// <summary>When the checkpoint failed (epoch ms); -1 unless it failed.</summary>
    public long FailureTimestamp { get; init; } = -1;

    /// <summary>Checkpoint, savepoint or synchronous savepoint (stop-with-savepoint).</summary>
    public CheckpointProperties Properties { get; init; } = CheckpointProperties.Checkpoint;

    /// <summary>A completed checkpoint that was since discarded (beyond execution.checkpointing.num-retained).</summary>
    public bool Discarded { get; init; }

    /// <summary>The subtasks of each vertex taking part, whether or not they reported figures yet.</summary>
    public IReadOnlyDictionary<Core.Ids.JobVertexId, int> SubtasksPerVertex { get; init; } = new Dictionary<Core.Ids.JobVertexId, int>();

    /// <summary>Trigger to latest acknowledgement, completion or failure; -1 while nothing was acknowledged (as Flink).</summary>
    public long EndToEndDuration => Status switch
    {
        CheckpointStatsStatus.FAILED => Math.Max(0, FailureTimestamp - TriggerTimestamp),
        _ => LatestAckTimestamp < 0 ? -1 : Math.Max(0, LatestAckTimestamp - TriggerTimestamp),
    };
}
