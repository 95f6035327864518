using Brook.Core.Configuration;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// What every task of a job shares for checkpoints (every job takes part: manual checkpoints work without an
/// interval): the mode its barriers are handled in, where acknowledgements go, where state is written, and
/// whether checkpoints come periodically (Flink's CheckpointConfig.isCheckpointingEnabled, which operators such as
/// a two-phase-commit sink ask).
/// </summary>
internal sealed record TaskCheckpointingSettings(CheckpointingMode Mode, ICheckpointResponder Responder, ICheckpointStorageAccess Storage, bool PeriodicCheckpointing,
    bool CheckpointsAfterTasksFinish = true)
{
    /// <summary>
    /// With unaligned checkpoints on: how long a checkpoint's barriers may align before the task switches to unaligned
    /// (zero: unaligned from the start); null when checkpoints are aligned.
    /// </summary>
    public TimeSpan? AlignedCheckpointTimeout { get; init; }

    /// <summary>
    /// Whether a task that reached the end of its input waits, with its operators finished, for a checkpoint that
    /// covers its final state before it ends (Flink's FLIP-147): only with periodic checkpoints, so a job without an
    /// interval still ends.
    /// </summary>
    public bool WaitsForFinalCheckpoint => PeriodicCheckpointing && CheckpointsAfterTasksFinish;
}
