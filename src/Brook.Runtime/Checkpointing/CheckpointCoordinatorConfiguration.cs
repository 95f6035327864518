using Brook.Core.Configuration;

namespace Brook.Runtime.Checkpointing;

/// <summary>A job's checkpointing settings as the coordinator uses them (Flink's CheckpointCoordinatorConfiguration).</summary>
public sealed record CheckpointCoordinatorConfiguration(
    TimeSpan? Interval,
    CheckpointingMode Mode,
    TimeSpan Timeout,
    TimeSpan MinPause,
    int MaxConcurrentCheckpoints,
    int TolerableFailedCheckpoints,
    int NumRetained,
    ExternalizedCheckpointRetention Retention,
    string? Directory,
    bool CheckpointsAfterTasksFinish)
{
    /// <summary>
    /// Flink's interval of a job without periodic checkpoints (CheckpointCoordinatorConfiguration's
    /// DISABLED_CHECKPOINT_INTERVAL, Long.MAX_VALUE milliseconds), as the REST configuration view shows it.
    /// </summary>
    public const long DisabledCheckpointIntervalMillis = long.MaxValue;

    /// <summary>Whether checkpoints are triggered periodically (an interval is configured); manual triggers work either way.</summary>
    public bool IsPeriodicCheckpointingConfigured => Interval is not null;

    /// <summary>execution.checkpointing.aligned-checkpoint-timeout: how long a checkpoint may stay aligned before it switches to unaligned.</summary>
    public TimeSpan AlignedCheckpointTimeout { get; init; }

    /// <summary>execution.checkpointing.unaligned.enabled (with exactly-once): checkpoints (not savepoints) may be unaligned.</summary>
    public bool UnalignedCheckpointsEnabled { get; init; }

    /// <summary>state.storage.fs.memory-threshold: with a checkpoint directory, smaller states of TaskManager processes travel in their acknowledgement.</summary>
    public long FileStateSizeThreshold { get; init; } = CheckpointingOptions.FileStateSizeThreshold.Default;

    /// <summary>
    /// Reads the settings from <paramref name="configuration"/>. As Flink, every job gets them: without an
    /// interval nothing is triggered periodically, and the mode is at-least-once (Flink's
    /// StreamingJobGraphGenerator picks the cheaper input handling when checkpointing is off), so a manual
    /// checkpoint of such a job never blocks channels. Unaligned checkpoints need exactly-once (Flink refuses them
    /// with at-least-once, which never aligns).
    /// </summary>
    public static CheckpointCoordinatorConfiguration FromConfiguration(Configuration configuration)
    {
        foreach (var option in CheckpointingOptions.All)
        {
            if (configuration.TryGetRaw(option.Key, out var raw)) option.Validate(raw);
        }
        var interval = configuration.Get(CheckpointingOptions.Interval);
        if (interval is { } configured && configured < TimeSpan.FromMilliseconds(10))
            throw new ConfigurationException($"Could not parse value '{ConfigParsers.FormatDuration(configured)}' for key '{CheckpointingOptions.Interval.Key}': the checkpoint interval must be at least 10 ms.");
        var unaligned = interval is not null && configuration.Get(CheckpointingOptions.UnalignedEnabled);
        if (unaligned && configuration.Get(CheckpointingOptions.Mode) != CheckpointingMode.EXACTLY_ONCE)
            throw new ConfigurationException("Unaligned checkpoints are currently only supported for checkpointing mode EXACTLY_ONCE.");
        return new CheckpointCoordinatorConfiguration(
            interval,
            interval is null ? CheckpointingMode.AT_LEAST_ONCE : configuration.Get(CheckpointingOptions.Mode),
            configuration.Get(CheckpointingOptions.Timeout),
            configuration.Get(CheckpointingOptions.MinPause),
            configuration.Get(CheckpointingOptions.MaxConcurrentCheckpoints),
            configuration.Get(CheckpointingOptions.TolerableFailedCheckpoints),
            configuration.Get(CheckpointingOptions.NumRetained),
            configuration.Get(CheckpointingOptions.ExternalizedCheckpointRetention),
            configuration.Get(CheckpointingOptions.Directory),
            configuration.Get(CheckpointingOptions.CheckpointsAfterTasksFinish))
        {
            AlignedCheckpointTimeout = configuration.Get(CheckpointingOptions.AlignedCheckpointTimeout),
            UnalignedCheckpointsEnabled = unaligned,
            FileStateSizeThreshold = configuration.Get(CheckpointingOptions.FileStateSizeThreshold),
        };
    }
}
