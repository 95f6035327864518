namespace Brook.Runtime.Checkpointing;

/// <summary>
/// One subtask's figures for one checkpoint, as Flink's checkpoint statistics report them per subtask (all
/// durations in milliseconds; measured on the task): when it acknowledged, how much state it wrote, how long
/// the synchronous part (on the task thread) and the asynchronous part (the write) took, how long its
/// barriers took to align, and how long the first barrier took to reach it after the trigger.
/// </summary>
public sealed record SubtaskCheckpointStatistics(
    int SubtaskIndex,
    long AckTimestamp,
    long StateSize,
    long SyncDurationMillis,
    long AsyncDurationMillis,
    long AlignmentDurationMillis,
    long StartDelayMillis,
    bool IsTaskFinished = false)
{
    /// <summary>Whether this subtask's snapshot was unaligned (taken before every barrier was reached).</summary>
    public bool Unaligned { get; init; }

    /// <summary>The bytes of in-flight records this subtask wrote as channel state (Flink's persisted data).</summary>
    public long PersistedData { get; init; }
}
