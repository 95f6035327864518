namespace Brook.Runtime.Checkpointing;

/// <summary>
/// What one operator of a new subtask attempt restores from (Flink's PrioritizedOperatorSubtaskState after
/// StateAssignmentOperation): every keyed snapshot of the operator (the backend keeps its own key groups),
/// the operator state of every previous subtask in order (redistributed by the operator state backend),
/// the source splits this subtask resumes, and the in-flight records of an unaligned checkpoint it replays first.
/// </summary>
internal sealed record OperatorRestoreState(
    IReadOnlyList<byte[]> KeyedStates,
    IReadOnlyList<byte[]> OperatorStates,
    IReadOnlyList<byte[]> SourceSplits)
{
    public IReadOnlyList<InputChannelStateEntry> InputChannelState { get; init; } = [];
}
