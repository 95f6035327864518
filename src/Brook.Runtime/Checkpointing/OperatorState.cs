namespace Brook.Runtime.Checkpointing;

/// <summary>
/// One operator's part of a completed checkpoint (Flink's OperatorState): the state of every subtask, and
/// the state of the operator's coordinator (a source's split enumerator) if it has one.
/// </summary>
public sealed class OperatorState
{
    internal OperatorState(string operatorId, int parallelism, int maxParallelism, byte[]? coordinatorState,
        IReadOnlyDictionary<int, OperatorSubtaskState> subtaskStates, IReadOnlySet<int> finishedSubtasks)
    {
        OperatorId = operatorId;
        Parallelism = parallelism;
        MaxParallelism = maxParallelism;
        CoordinatorState = coordinatorState;
        SubtaskStates = subtaskStates;
        FinishedSubtasks = finishedSubtasks;
    }

    /// <summary>The operator's id, 32 hex characters.</summary>
    public string OperatorId { get; }

    public int Parallelism { get; }

    public int MaxParallelism { get; }

    internal byte[]? CoordinatorState { get; }

    public IReadOnlyDictionary<int, OperatorSubtaskState> SubtaskStates { get; }

    /// <summary>Subtasks that had finished when the checkpoint was taken; they restore as finished.</summary>
    public IReadOnlySet<int> FinishedSubtasks { get; }

    public bool IsFullyFinished => FinishedSubtasks.Count == Parallelism;

    public long StateSize => (CoordinatorState?.LongLength ?? 0) + SubtaskStates.Values.Sum(s => s.StateSize);
}
