namespace Brook.Runtime.Checkpointing;

/// <summary>
/// What one operator of a new subtask attempt restores from (Flink's PrioritizedOperatorSubtaskState after
/// StateAssignmentOperation): every keyed snapshot of the operator (the backend keeps its own key groups),
/// the operator state of every previous subtask in order (redistributed by the operator state backend),
/// and the source splits this subtask resumes.
/// </summary>
internal sealed record OperatorRestoreState(
    IReadOnlyList<byte[]> KeyedStates,
    IReadOnlyList<byte[]> OperatorStates,
    IReadOnlyList<byte[]> SourceSplits);
