namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The marker a source injects into its outputs for checkpoint <see cref="Id"/> (Flink's CheckpointBarrier):
/// every record before it belongs to the checkpoint's state, every record after it to the next.
/// </summary>
internal sealed record CheckpointBarrier(long Id, long Timestamp);
