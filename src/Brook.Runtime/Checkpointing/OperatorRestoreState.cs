namespace Brook.Runtime.Checkpointing;

/// <summary>
/// What one operator of a new subtask attempt restores from (Flink's PrioritizedOperatorSubtaskState after
/// StateAssignmentOperation): every keyed snapshot of the operator (the backend keeps its own key groups),
/// the operator state of every previous subtask in order (redistributed by the operator state backend),
/// the source splits this subtask resumes, and the in-flight records of an unaligned checkpoint it replays first.
/// Keyed, operator and channel state are parts: bytes in memory or the operator's share of a state file, read (once
/// per file, by <see cref="TaskStateFileReader"/>) when the task first asks for them, on the task's own side.
/// </summary>
internal sealed class OperatorRestoreState
{
    private readonly TaskStateFileReader _reader;
    private readonly Lazy<IReadOnlyList<byte[]>> _keyed;
    private readonly Lazy<IReadOnlyList<byte[]>> _operator;
    private readonly Lazy<IReadOnlyList<InputChannelStateEntry>> _channel;

    public OperatorRestoreState(IReadOnlyList<byte[]> keyedStates, IReadOnlyList<byte[]> operatorStates, IReadOnlyList<byte[]> sourceSplits,
        IReadOnlyList<InputChannelStateEntry>? inputChannelState = null)
        : this("", [.. keyedStates.Select(StatePart.Of)], [.. operatorStates.Select(StatePart.Of)], sourceSplits,
            inputChannelState is { Count: > 0 } ? [new ChannelStatePart(inputChannelState, null, null)] : [], new TaskStateFileReader())
    {
    }

    public OperatorRestoreState(string operatorId, IReadOnlyList<StatePart> keyedStateParts, IReadOnlyList<StatePart> operatorStateParts,
        IReadOnlyList<byte[]> sourceSplits, IReadOnlyList<ChannelStatePart> inputChannelStateParts, TaskStateFileReader reader)
    {
        OperatorId = operatorId;
        KeyedStateParts = keyedStateParts;
        OperatorStateParts = operatorStateParts;
        SourceSplits = sourceSplits;
        InputChannelStateParts = inputChannelStateParts;
        _reader = reader;
        _keyed = new Lazy<IReadOnlyList<byte[]>>(() => [.. keyedStateParts.Select(p => p.Bytes ?? _reader.Operator(p.File!, OperatorId).KeyedState
            ?? throw new InvalidDataException($"Checkpoint file '{p.File!.FilePath}' holds no keyed state of operator {OperatorId}."))]);
        _operator = new Lazy<IReadOnlyList<byte[]>>(() => [.. operatorStateParts.Select(p => p.Bytes ?? _reader.Operator(p.File!, OperatorId).OperatorState
            ?? throw new InvalidDataException($"Checkpoint file '{p.File!.FilePath}' holds no operator state of operator {OperatorId}."))]);
        _channel = new Lazy<IReadOnlyList<InputChannelStateEntry>>(() => [.. inputChannelStateParts.SelectMany(p => p.Entries
            ?? p.Select(_reader.Operator(p.File!, OperatorId).InputChannelState ?? []))]);
    }

    /// <summary>The operator's id (32 hex); empty for state built in memory, which names no file.</summary>
    public string OperatorId { get; }

    public IReadOnlyList<StatePart> KeyedStateParts { get; }

    public IReadOnlyList<StatePart> OperatorStateParts { get; }

    public IReadOnlyList<ChannelStatePart> InputChannelStateParts { get; }

    /// <summary>Whether any part lies in a state file (a TaskManager process reads those itself).</summary>
    public bool HasFileParts => KeyedStateParts.Any(p => p.File is not null) || OperatorStateParts.Any(p => p.File is not null)
                                || InputChannelStateParts.Any(p => p.File is not null);

    public IReadOnlyList<byte[]> KeyedStates => _keyed.Value;

    public IReadOnlyList<byte[]> OperatorStates => _operator.Value;

    public IReadOnlyList<byte[]> SourceSplits { get; }

    public IReadOnlyList<InputChannelStateEntry> InputChannelState => _channel.Value;
}

/// <summary>One previous subtask's keyed or operator state of an operator: its bytes, or the state file holding it.</summary>
internal sealed record StatePart(byte[]? Bytes, TaskStateHandle? File)
{
    public static StatePart Of(byte[] bytes) => new(bytes, null);
}

/// <summary>
/// One previous subtask's in-flight records for an operator: the records, or the state file holding them; with
/// <see cref="Selection"/> (a restore at another parallelism) only those the new subtask replays.
/// </summary>
internal sealed record ChannelStatePart(IReadOnlyList<InputChannelStateEntry>? Entries, TaskStateHandle? File, ChannelStateSelection? Selection)
{
    public IEnumerable<InputChannelStateEntry> Select(IEnumerable<InputChannelStateEntry> entries) => Selection is { } s ? entries.Where(s.Owns) : entries;
}

/// <summary>
/// Which in-flight records of previous subtask <see cref="OldSubtask"/> subtask <see cref="SubtaskIndex"/> replays at
/// <see cref="Parallelism"/>: a record of a keyed input goes to the subtask owning its key group, any other to the previous
/// subtask's index modulo the parallelism, so each record is replayed exactly once.
/// </summary>
internal sealed record ChannelStateSelection(int OldSubtask, int MaxParallelism, int Parallelism, int SubtaskIndex)
{
    public bool Owns(InputChannelStateEntry e) =>
        (e.KeyGroup >= 0 ? Core.Hashing.KeyGroupRangeAssignment.OperatorIndexForKeyGroup(MaxParallelism, Parallelism, e.KeyGroup) : OldSubtask % Parallelism) == SubtaskIndex;
}
