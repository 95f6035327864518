namespace Brook.Core.Configuration;

/// <summary>The guarantee checkpoints give (Flink's CheckpointingMode).</summary>
public enum CheckpointingMode
{
    /// <summary>Barriers are aligned: every record affects the state in a checkpoint exactly once.</summary>
    EXACTLY_ONCE,

    /// <summary>Barriers are not aligned: after a restore some records may affect the state twice.</summary>
    AT_LEAST_ONCE,
}
