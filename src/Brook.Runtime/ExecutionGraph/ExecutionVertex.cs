namespace Brook.Runtime.ExecutionGraph;

/// <summary>One subtask of a job vertex, with its current and earlier attempts (Flink's ExecutionVertex).</summary>
internal sealed class ExecutionVertex
{
    private readonly List<Execution> _prior = [];

    public ExecutionVertex(ExecutionJobVertex jobVertex, int subtaskIndex, long now)
    {
        JobVertex = jobVertex;
        SubtaskIndex = subtaskIndex;
        CurrentExecution = new Execution(this, 0, now);
    }

    public ExecutionJobVertex JobVertex { get; }

    public int SubtaskIndex { get; }

    public Execution CurrentExecution { get; private set; }

    public IReadOnlyList<Execution> PriorExecutions => _prior;

    /// <summary>Starts a new attempt (used by restarts).</summary>
    public Execution ResetForNewExecution(long now)
    {
        _prior.Add(CurrentExecution);
        CurrentExecution = new Execution(this, CurrentExecution.AttemptNumber + 1, now);
        return CurrentExecution;
    }
}
