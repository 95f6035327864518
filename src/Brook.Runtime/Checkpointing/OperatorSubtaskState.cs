namespace Brook.Runtime.Checkpointing;

/// <summary>
/// What one operator of one subtask wrote into a checkpoint (Flink's OperatorSubtaskState): its keyed state
/// and timers (<see cref="State.KeyedStateSnapshotFormat"/>), its operator state (list, union and broadcast;
/// <see cref="State.OperatorStateSnapshotFormat"/>) and, for a source, its reader's splits (each serialized).
/// </summary>
public sealed class OperatorSubtaskState
{
    internal OperatorSubtaskState(byte[]? keyedState, byte[]? operatorState, IReadOnlyList<byte[]>? sourceSplits)
    {
        KeyedState = keyedState;
        OperatorState = operatorState;
        SourceSplits = sourceSplits;
    }

    internal byte[]? KeyedState { get; }

    internal byte[]? OperatorState { get; }

    internal IReadOnlyList<byte[]>? SourceSplits { get; }

    public bool IsEmpty => KeyedState is null && OperatorState is null && SourceSplits is null;

    public long StateSize => (KeyedState?.LongLength ?? 0) + (OperatorState?.LongLength ?? 0) + (SourceSplits?.Sum(s => (long)s.Length) ?? 0);
}
