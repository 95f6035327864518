namespace Brook.Streaming.Operators.Batch;

/// <summary>What BATCH execution refuses, in Flink's words.</summary>
internal static class BatchExecution
{
    /// <summary>A BATCH keyed operator holds buffered input and one key's state: nothing a restore could resume from.</summary>
    public static NotSupportedException SnapshotNotSupported() => new("Snapshotting is not supported in BATCH runtime mode.");
}
