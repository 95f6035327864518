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

    /// <summary>An I/O failure while triggering, e.g. the checkpoint's storage location could not be created (Flink's IO_EXCEPTION).</summary>
    IoException,
}

/// <summary>Helpers on <see cref="CheckpointFailureReason"/>.</summary>
public static class CheckpointFailureReasons
{
    /// <summary>
    /// As Flink's CheckpointFailureManager: expiry, declines, I/O failures and finalization failures count; a trigger that
    /// failed for another reason (a task going away under it), skipped triggers and superseded checkpoints do not.
    /// </summary>
    public static bool CountsAsFailure(this CheckpointFailureReason reason) => reason is CheckpointFailureReason.CheckpointExpired
        or CheckpointFailureReason.CheckpointDeclined or CheckpointFailureReason.IoException or CheckpointFailureReason.FinalizeCheckpointFailure;

    /// <summary>Flink's CheckpointCoordinator.getCheckpointException: an I/O failure anywhere in the cause chain is IoException.</summary>
    public static CheckpointFailureReason OfTriggerFailure(Exception e)
    {
        for (Exception? c = e; c is not null; c = c.InnerException)
        {
            if (c is IOException or UnauthorizedAccessException) return CheckpointFailureReason.IoException;
        }
        return CheckpointFailureReason.TriggerFailure;
    }
}
