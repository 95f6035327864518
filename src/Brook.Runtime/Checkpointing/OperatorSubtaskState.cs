namespace Brook.Runtime.Checkpointing;

/// <summary>
/// What one operator of one subtask wrote into a checkpoint (Flink's OperatorSubtaskState): its keyed state
/// and timers (<see cref="State.KeyedStateSnapshotFormat"/>), its operator state (list, union and broadcast;
/// <see cref="State.OperatorStateSnapshotFormat"/>) and, for a source, its reader's splits (each serialized).
/// </summary>
public sealed class OperatorSubtaskState
{
    internal OperatorSubtaskState(byte[]? keyedState, byte[]? operatorState, IReadOnlyList<byte[]>? sourceSplits,
        IReadOnlyList<InputChannelStateEntry>? inputChannelState = null)
    {
        KeyedState = keyedState;
        OperatorState = operatorState;
        SourceSplits = sourceSplits;
        InputChannelState = inputChannelState is { Count: > 0 } ? inputChannelState : null;
    }

    /// <summary>The in-flight records of an unaligned checkpoint, kept with the task's head operator.</summary>
    internal IReadOnlyList<InputChannelStateEntry>? InputChannelState { get; }

    internal byte[]? KeyedState { get; }

    internal byte[]? OperatorState { get; }

    internal IReadOnlyList<byte[]>? SourceSplits { get; }

    public bool IsEmpty => KeyedState is null && OperatorState is null && SourceSplits is null && InputChannelState is null;

    /// <summary>The bytes of in-flight records written (Flink's persisted data).</summary>
    public long PersistedDataSize => InputChannelState?.Sum(e => (long)e.Record.Length) ?? 0;

    public long StateSize => (KeyedState?.LongLength ?? 0) + (OperatorState?.LongLength ?? 0) + (SourceSplits?.Sum(s => (long)s.Length) ?? 0) + PersistedDataSize;
}
