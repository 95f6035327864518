namespace Brook.Core.Configuration;

/// <summary>What happens to a job's retained checkpoints when the job ends (Flink's ExternalizedCheckpointRetention).</summary>
public enum ExternalizedCheckpointRetention
{
    /// <summary>Checkpoints are deleted when the job is cancelled; kept when it fails.</summary>
    DELETE_ON_CANCELLATION,

    /// <summary>Checkpoints are kept when the job is cancelled or fails.</summary>
    RETAIN_ON_CANCELLATION,

    /// <summary>Checkpoints are deleted whenever the job ends (the default).</summary>
    NO_EXTERNALIZED_CHECKPOINTS,
}
