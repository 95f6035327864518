using Brook.Core.Configuration;

namespace Brook.Streaming;

/// <summary>
/// A job's checkpointing settings (Flink's CheckpointConfig): a typed view over the job's configuration, so
/// whatever is set here travels with the job under Flink's keys and overrides the cluster's configuration.
/// </summary>
public sealed class CheckpointConfig
{
    private readonly Configuration _configuration;

    internal CheckpointConfig(Configuration configuration) => _configuration = configuration;

    public bool IsCheckpointingEnabled => Interval is not null;

    /// <summary>execution.checkpointing.interval; null: checkpointing is off.</summary>
    public TimeSpan? Interval
    {
        get => _configuration.Get(CheckpointingOptions.Interval);
        set => _configuration.Set(CheckpointingOptions.Interval, value is { } v && v >= TimeSpan.FromMilliseconds(10)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), "The checkpoint interval must be at least 10 ms."));
    }

    public CheckpointingMode Mode
    {
        get => _configuration.Get(CheckpointingOptions.Mode);
        set => _configuration.Set(CheckpointingOptions.Mode, value);
    }

    public TimeSpan Timeout
    {
        get => _configuration.Get(CheckpointingOptions.Timeout);
        set => _configuration.Set(CheckpointingOptions.Timeout, value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    public TimeSpan MinPauseBetweenCheckpoints
    {
        get => _configuration.Get(CheckpointingOptions.MinPause);
        set => _configuration.Set(CheckpointingOptions.MinPause, value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    public int MaxConcurrentCheckpoints
    {
        get => _configuration.Get(CheckpointingOptions.MaxConcurrentCheckpoints);
        set => _configuration.Set(CheckpointingOptions.MaxConcurrentCheckpoints, value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    public int TolerableCheckpointFailureNumber
    {
        get => _configuration.Get(CheckpointingOptions.TolerableFailedCheckpoints);
        set => _configuration.Set(CheckpointingOptions.TolerableFailedCheckpoints, value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    public ExternalizedCheckpointRetention ExternalizedCheckpointRetention
    {
        get => _configuration.Get(CheckpointingOptions.ExternalizedCheckpointRetention);
        set => _configuration.Set(CheckpointingOptions.ExternalizedCheckpointRetention, value);
    }

    public int NumRetainedCheckpoints
    {
        get => _configuration.Get(CheckpointingOptions.NumRetained);
        set => _configuration.Set(CheckpointingOptions.NumRetained, value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    /// <summary>execution.checkpointing.dir: where checkpoints are written; null keeps them in the JobManager's memory.</summary>
    public string? CheckpointStorage
    {
        get => _configuration.Get(CheckpointingOptions.Directory);
        set
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException("The checkpoint directory must not be empty.", nameof(value));
            _configuration.Set(CheckpointingOptions.Directory, value);
        }
    }
}
