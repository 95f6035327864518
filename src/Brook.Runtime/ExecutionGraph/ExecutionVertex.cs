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

    /// <summary>
    /// Starts a new attempt (used by restarts), keeping the latest <paramref name="historySize"/> earlier ones; the
    /// attempts dropped from the history are added to <paramref name="evicted"/>.
    /// </summary>
    public Execution ResetForNewExecution(long now, int historySize, List<Execution> evicted)
    {
        _prior.Add(CurrentExecution);
        if (_prior.Count > historySize)
        {
            evicted.AddRange(_prior.Take(_prior.Count - historySize));
            _prior.RemoveRange(0, _prior.Count - historySize);
        }
        CurrentExecution = new Execution(this, CurrentExecution.AttemptNumber + 1, now);
        return CurrentExecution;
    }
}
