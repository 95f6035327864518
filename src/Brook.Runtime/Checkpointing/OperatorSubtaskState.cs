namespace Brook.Runtime.Checkpointing;

/// <summary>
/// What one operator of one subtask wrote into a checkpoint (Flink's OperatorSubtaskState): its keyed state
/// and timers (<see cref="State.KeyedStateSnapshotFormat"/>), its operator state (list, union and broadcast;
/// <see cref="State.OperatorStateSnapshotFormat"/>) and, for a source, its reader's splits (each serialized).
/// The state is either held here, in memory, or lies in the subtask's state file (<see cref="StateHandle"/>), of which
/// only the sizes are known here (a TaskManager process wrote it); the reader's splits are always held here.
/// </summary>
public sealed class OperatorSubtaskState
{
    private readonly long? _keyedSize;
    private readonly long? _operatorSize;
    private readonly long? _persistedSize;

    internal OperatorSubtaskState(byte[]? keyedState, byte[]? operatorState, IReadOnlyList<byte[]>? sourceSplits,
        IReadOnlyList<InputChannelStateEntry>? inputChannelState = null)
    {
        KeyedState = keyedState;
        OperatorState = operatorState;
        SourceSplits = sourceSplits;
        InputChannelState = inputChannelState is { Count: > 0 } ? inputChannelState : null;
        _keyedSize = keyedState?.LongLength;
        _operatorSize = operatorState?.LongLength;
        _persistedSize = InputChannelState?.Sum(e => (long)e.Record.Length);
    }

    private OperatorSubtaskState(TaskStateHandle handle, long? keyedSize, long? operatorSize, IReadOnlyList<byte[]>? sourceSplits, long? persistedSize)
    {
        StateHandle = handle;
        SourceSplits = sourceSplits;
        _keyedSize = keyedSize;
        _operatorSize = operatorSize;
        _persistedSize = persistedSize;
    }

    /// <summary>
    /// The state of an operator that lies in the subtask's state file <paramref name="handle"/>: a null size means the file holds
    /// no such part for the operator.
    /// </summary>
    internal static OperatorSubtaskState InFile(TaskStateHandle handle, long? keyedSize, long? operatorSize, IReadOnlyList<byte[]>? sourceSplits, long? persistedSize) =>
        new(handle, keyedSize, operatorSize, sourceSplits, persistedSize);

    /// <summary>The same state, known to lie in <paramref name="handle"/> (the subtask's state file it was read from or written to): the bytes are dropped.</summary>
    internal OperatorSubtaskState InFile(TaskStateHandle handle) => InFile(handle, _keyedSize, _operatorSize, SourceSplits, _persistedSize);

    /// <summary>The subtask's state file holding this operator's keyed, operator and channel state; null when they are held in memory.</summary>
    internal TaskStateHandle? StateHandle { get; }

    /// <summary>The in-flight records of an unaligned checkpoint, kept with the task's head operator.</summary>
    internal IReadOnlyList<InputChannelStateEntry>? InputChannelState { get; }

    internal byte[]? KeyedState { get; }

    internal byte[]? OperatorState { get; }

    internal IReadOnlyList<byte[]>? SourceSplits { get; }

    internal bool HasKeyedState => _keyedSize is not null;

    internal bool HasOperatorState => _operatorSize is not null;

    internal bool HasInputChannelState => _persistedSize is not null;

    internal long? KeyedStateSize => _keyedSize;

    internal long? OperatorStateSize => _operatorSize;

    public bool IsEmpty => !HasKeyedState && !HasOperatorState && SourceSplits is null && !HasInputChannelState;

    /// <summary>The bytes of in-flight records written (Flink's persisted data).</summary>
    public long PersistedDataSize => _persistedSize ?? 0;

    public long StateSize => (_keyedSize ?? 0) + (_operatorSize ?? 0) + (SourceSplits?.Sum(s => (long)s.Length) ?? 0) + PersistedDataSize;
}
