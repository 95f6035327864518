namespace Brook.Core.Configuration;

/// <summary>
/// Flink 2.1's checkpointing keys (CheckpointingOptions and StateRecoveryOptions), with the deprecated keys
/// Flink still reads. The interval is <see cref="CoreOptions.CheckpointingInterval"/>: unset means no checkpoints.
/// </summary>
public static class CheckpointingOptions
{
    public static ConfigOption<TimeSpan?> Interval => CoreOptions.CheckpointingInterval;

    public static readonly ConfigOption<CheckpointingMode> Mode = new("execution.checkpointing.mode", CheckpointingMode.EXACTLY_ONCE,
        ConfigParsers.Enum<CheckpointingMode>(), "The checkpointing mode: EXACTLY_ONCE (aligned barriers) or AT_LEAST_ONCE.");

    public static readonly ConfigOption<TimeSpan> Timeout = new("execution.checkpointing.timeout", TimeSpan.FromMinutes(10),
        PositiveDuration, "A checkpoint not completed within this time is aborted.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> MinPause = new("execution.checkpointing.min-pause", TimeSpan.Zero,
        ConfigParsers.Duration, "The minimal pause between the end of one checkpoint and the trigger of the next.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<int> MaxConcurrentCheckpoints = new("execution.checkpointing.max-concurrent-checkpoints", 1,
        ConfigParsers.PositiveInt, "The maximum number of checkpoints in progress at the same time.");

    public static readonly ConfigOption<int> TolerableFailedCheckpoints = new("execution.checkpointing.tolerable-failed-checkpoints", 0,
        NonNegativeInt, "How many consecutive checkpoint failures are tolerated before the job fails.");

    public static readonly ConfigOption<bool> UnalignedEnabled = new("execution.checkpointing.unaligned.enabled", false, ConfigParsers.Bool,
        "Unaligned checkpoints (exactly-once only): barriers overtake the records queued in the channels, which are written into the checkpoint as channel state and replayed on restore, so a backpressured job still checkpoints promptly.")
    {
        DeprecatedKeys = ["execution.checkpointing.unaligned"],
    };

    public static readonly ConfigOption<TimeSpan> AlignedCheckpointTimeout = new("execution.checkpointing.aligned-checkpoint-timeout", TimeSpan.Zero,
        ConfigParsers.Duration, "With unaligned checkpoints: how long a barrier may stay aligned before it switches to unaligned.", ConfigParsers.FormatDuration)
    {
        DeprecatedKeys = ["execution.checkpointing.alignment-timeout"],
    };

    public static readonly ConfigOption<ExternalizedCheckpointRetention> ExternalizedCheckpointRetention = new(
        "execution.checkpointing.externalized-checkpoint-retention", Brook.Core.Configuration.ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS,
        ConfigParsers.Enum<ExternalizedCheckpointRetention>(), "Whether retained checkpoints are kept when the job is cancelled or fails.");

    public static readonly ConfigOption<int> NumRetained = new("execution.checkpointing.num-retained", 1, ConfigParsers.PositiveInt,
        "How many completed checkpoints are kept; older ones are deleted.")
    {
        DeprecatedKeys = ["state.checkpoints.num-retained"],
    };

    public static readonly ConfigOption<string?> Directory = new("execution.checkpointing.dir", null, ConfigParsers.LocalDirectory,
        "The directory checkpoints are written to (<dir>/<job-id>/chk-<n>/_metadata); unset keeps them in the JobManager's memory.")
    {
        DeprecatedKeys = ["state.checkpoints.dir"],
    };

    /// <summary>Brook's upper bound of <see cref="FileStateSizeThreshold"/>: the size of one RPC message (Flink's is 1 MB, since its inline state goes into _metadata).</summary>
    public const long MaxFileStateSizeThreshold = 16L << 20;

    public static readonly ConfigOption<long> FileStateSizeThreshold = new("state.storage.fs.memory-threshold", 20L << 10, FileStateThreshold,
        "With a checkpoint directory: a subtask state in a TaskManager process smaller than this travels inside its acknowledgement and the JobManager writes it; larger states are written by the TaskManager as a state file, and only its handle (path and size) is sent.",
        ConfigParsers.FormatMemorySize)
    {
        DeprecatedKeys = ["state.backend.fs.memory-threshold"],
    };

    public static readonly ConfigOption<bool> CheckpointsAfterTasksFinish = new("execution.checkpointing.checkpoints-after-tasks-finish", true,
        ConfigParsers.Bool, "Whether checkpoints go on once some tasks (bounded sources) have finished.")
    {
        DeprecatedKeys = ["execution.checkpointing.checkpoints-after-tasks-finish.enabled"],
    };

    public static readonly ConfigOption<string?> StateRecoveryPath = new("execution.state-recovery.path", null, ConfigParsers.String,
        "A checkpoint directory (or its _metadata file) the job starts from.")
    {
        DeprecatedKeys = ["execution.savepoint.path"],
    };

    public static readonly ConfigOption<bool> StateRecoveryIgnoreUnclaimedState = new("execution.state-recovery.ignore-unclaimed-state", false, ConfigParsers.Bool,
        "Whether a job may start from a checkpoint that holds state of operators the job no longer has (that state is dropped).")
    {
        DeprecatedKeys = ["execution.savepoint.ignore-unclaimed-state"],
    };

    public static readonly ConfigOption<RecoveryClaimMode> StateRecoveryClaimMode = new("execution.state-recovery.claim-mode", RecoveryClaimMode.NO_CLAIM,
        ConfigParsers.Enum<RecoveryClaimMode>(), "Who owns the checkpoint or savepoint the job restores from: CLAIM (the job, which may delete it once subsumed) or NO_CLAIM (the user; never deleted).")
    {
        DeprecatedKeys = ["execution.savepoint-restore-mode"],
    };

    public static readonly IReadOnlyList<IConfigOption> All =
    [
        Mode, Timeout, MinPause, MaxConcurrentCheckpoints, TolerableFailedCheckpoints, UnalignedEnabled, AlignedCheckpointTimeout,
        ExternalizedCheckpointRetention, NumRetained, Directory, FileStateSizeThreshold, CheckpointsAfterTasksFinish, StateRecoveryPath, StateRecoveryIgnoreUnclaimedState,
        StateRecoveryClaimMode,
    ];

    private static long FileStateThreshold(string s)
    {
        var bytes = ConfigParsers.MemorySize(s);
        return bytes is >= 0 and <= MaxFileStateSizeThreshold ? bytes : throw new FormatException($"must be between 0 and {ConfigParsers.FormatMemorySize(MaxFileStateSizeThreshold)}");
    }

    private static TimeSpan PositiveDuration(string s)
    {
        var d = ConfigParsers.Duration(s);
        return d > TimeSpan.Zero ? d : throw new FormatException("must be a positive duration");
    }

    private static int NonNegativeInt(string s)
    {
        var v = ConfigParsers.Int(s);
        return v >= 0 ? v : throw new FormatException("must not be negative");
    }
}
