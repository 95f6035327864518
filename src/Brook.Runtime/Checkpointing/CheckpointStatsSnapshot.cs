namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Everything the checkpoint statistics endpoints show for one job at one moment (Flink's CheckpointStatsSnapshot):
/// counts since the job started, summaries over its completed checkpoints, the latest completed, failed and
/// restored checkpoints, and the recent history (in progress, completed and failed; newest first; at most
/// web.checkpoints.history entries).
/// </summary>
public sealed record CheckpointStatsSnapshot(
    CheckpointStatsCounts Counts,
    CompletedCheckpointStatsSummary Summary,
    IReadOnlyList<CheckpointStatistics> History,
    CheckpointStatistics? LatestCompleted,
    CheckpointStatistics? LatestFailed,
    RestoredCheckpointStats? LatestRestored)
{
    /// <summary>The latest completed savepoint (Flink's latest.savepoint); savepoints are not in <see cref="LatestCompleted"/>.</summary>
    public CheckpointStatistics? LatestSavepoint { get; init; }

    public CheckpointStatistics? Checkpoint(long checkpointId) => History.FirstOrDefault(c => c.CheckpointId == checkpointId);
}

/// <summary>How many checkpoints were restored, triggered, are in progress, completed and failed (Flink's CheckpointStatsCounts).</summary>
public sealed record CheckpointStatsCounts(long Restored, long Total, int InProgress, long Completed, long Failed);

/// <summary>
/// Summaries over every completed checkpoint (Flink's CompletedCheckpointStatsSummary). Checkpointed size equals
/// state size: every Brook snapshot is a full one. Processed and persisted data are the bytes of in-flight data,
/// which aligned checkpoints never persist.
/// </summary>
public sealed record CompletedCheckpointStatsSummary(
    StatsSummarySnapshot StateSize,
    StatsSummarySnapshot CheckpointedSize,
    StatsSummarySnapshot EndToEndDuration,
    StatsSummarySnapshot ProcessedData,
    StatsSummarySnapshot PersistedData);

/// <summary>The checkpoint a job last restored from, and when (Flink's RestoredCheckpointStats).</summary>
public sealed record RestoredCheckpointStats(long CheckpointId, long RestoreTimestamp, bool IsSavepoint, string? ExternalPath);
