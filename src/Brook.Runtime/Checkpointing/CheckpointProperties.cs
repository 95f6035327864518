namespace Brook.Runtime.Checkpointing;

/// <summary>The format of a savepoint (Flink's SavepointFormatType).</summary>
public enum SavepointFormatType
{
    /// <summary>Brook's state-backend-independent format: any backend restores it.</summary>
    CANONICAL,

    /// <summary>The state backend's own format; for Brook's heap (hashmap) backend it is the canonical one, as Flink's hashmap backend writes.</summary>
    NATIVE,
}

/// <summary>
/// What kind of snapshot a checkpoint is (Flink's CheckpointProperties with its SnapshotType): a periodic or manual
/// checkpoint, a savepoint, or the synchronous savepoint of stop-with-savepoint, after which the tasks end
/// (with <see cref="Drain"/>, only after their sources emitted MAX_WATERMARK and every operator finished).
/// </summary>
public sealed record CheckpointProperties(bool IsSavepoint, SavepointFormatType? SavepointFormat, bool IsSynchronous, bool Drain)
{
    public static readonly CheckpointProperties Checkpoint = new(false, null, false, false);

    public static CheckpointProperties Savepoint(SavepointFormatType format) => new(true, format, false, false);

    public static CheckpointProperties SynchronousSavepoint(SavepointFormatType format, bool drain) => new(true, format, true, drain);

    /// <summary>A checkpoint unaligned from its start (unaligned checkpoints on, aligned-checkpoint-timeout 0), as Flink's CheckpointOptions says.</summary>
    public bool IsUnaligned { get; init; }

    /// <summary>Flink's checkpoint_type in the REST statistics (RestAPICheckpointType).</summary>
    public string TypeName => IsSavepoint ? (IsSynchronous ? "SYNC_SAVEPOINT" : "SAVEPOINT") : IsUnaligned ? "UNALIGNED_CHECKPOINT" : "CHECKPOINT";
}
