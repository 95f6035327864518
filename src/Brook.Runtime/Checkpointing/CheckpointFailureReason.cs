namespace Brook.Runtime.Checkpointing;

/// <summary>Why a checkpoint failed (Flink's CheckpointFailureReason); <see cref="CheckpointFailureReasons.CountsAsFailure"/> says which count toward the tolerable limit.</summary>
public enum CheckpointFailureReason
{
    NotAllRequiredTasksRunning,
    TooManyConcurrentCheckpoints,
    MinimumTimeBetweenCheckpoints,
    CheckpointExpired,
    CheckpointDeclined,
    CheckpointSubsumed,
    CheckpointCoordinatorShutdown,
    JobFailover,
    TriggerFailure,
    FinalizeCheckpointFailure,
}

/// <summary>Helpers on <see cref="CheckpointFailureReason"/>.</summary>
public static class CheckpointFailureReasons
{
    /// <summary>As Flink's CheckpointFailureManager: only failures of a checkpoint that ran count, not ones that never could or were superseded.</summary>
    public static bool CountsAsFailure(this CheckpointFailureReason reason) => reason is CheckpointFailureReason.CheckpointExpired
        or CheckpointFailureReason.CheckpointDeclined or CheckpointFailureReason.TriggerFailure or CheckpointFailureReason.FinalizeCheckpointFailure;
}
