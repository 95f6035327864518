namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The state one subtask acknowledged for one checkpoint, per operator of its chain (Flink's TaskStateSnapshot),
/// keyed by the operator's id (32 hex). A task that had finished is marked so and restores as finished.
/// </summary>
public sealed class TaskStateSnapshot
{
    internal TaskStateSnapshot(IReadOnlyDictionary<string, OperatorSubtaskState> operators, bool isTaskFinished)
    {
        Operators = operators;
        IsTaskFinished = isTaskFinished;
    }

    public static TaskStateSnapshot Finished { get; } = new(new Dictionary<string, OperatorSubtaskState>(), true);

    public IReadOnlyDictionary<string, OperatorSubtaskState> Operators { get; }

    public bool IsTaskFinished { get; }

    public long StateSize => Operators.Values.Sum(o => o.StateSize);
}
