namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The marker a source injects into its outputs for checkpoint <see cref="Id"/> (Flink's CheckpointBarrier):
/// every record before it belongs to the checkpoint's state, every record after it to the next. Its
/// <see cref="Properties"/> tell a task whether it is a savepoint and whether the task ends after it.
/// </summary>
internal sealed record CheckpointBarrier(long Id, long Timestamp)
{
    public CheckpointProperties Properties { get; init; } = CheckpointProperties.Checkpoint;

    /// <summary>
    /// Null: an aligned barrier, queued behind the records before it. Otherwise a barrier that may be unaligned (Flink's
    /// CheckpointOptions with an alignment timeout): it overtakes the queued buffers as a priority event, and a task aligns
    /// on it for at most this many milliseconds after the trigger (zero: not at all) before it snapshots unaligned.
    /// </summary>
    public long? AlignedTimeoutMillis { get; init; }
}
