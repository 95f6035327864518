namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The marker a source injects into its outputs for checkpoint <see cref="Id"/> (Flink's CheckpointBarrier):
/// every record before it belongs to the checkpoint's state, every record after it to the next. Its
/// <see cref="Properties"/> tell a task whether it is a savepoint and whether the task ends after it.
/// </summary>
internal sealed record CheckpointBarrier(long Id, long Timestamp)
{
    public CheckpointProperties Properties { get; init; } = CheckpointProperties.Checkpoint;
}
