using Brook.Core.States;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>
/// The job's runtime graph (Flink's ExecutionGraph): an execution job vertex per job vertex, an execution
/// vertex per subtask; the job status with a timestamp per status. Mutated under the JobMaster's lock.
/// </summary>
internal sealed class ExecutionGraph
{
    private readonly Dictionary<JobStatus, long> _statusTimestamps = new();

    public ExecutionGraph(JobGraph.JobGraph jobGraph, long now)
    {
        JobGraph = jobGraph;
        Vertices = jobGraph.Vertices.Select(v => new ExecutionJobVertex(v, now)).ToArray();
        _statusTimestamps[JobStatus.INITIALIZING] = now;
    }

    /// <summary>The graph of a rescaled job (Flink's adaptive scheduler creates a new one too): new subtasks, the job's status and status timestamps kept.</summary>
    public ExecutionGraph(JobGraph.JobGraph jobGraph, ExecutionGraph previous, long now) : this(jobGraph, now)
    {
        Status = previous.Status;
        _statusTimestamps.Clear();
        foreach (var (status, timestamp) in previous._statusTimestamps) _statusTimestamps[status] = timestamp;
    }

    public JobGraph.JobGraph JobGraph { get; }

    public IReadOnlyList<ExecutionJobVertex> Vertices { get; }

    public JobStatus Status { get; private set; } = JobStatus.INITIALIZING;

    public IReadOnlyDictionary<JobStatus, long> StatusTimestamps => _statusTimestamps;

    public IEnumerable<Execution> CurrentExecutions => Vertices.SelectMany(v => v.TaskVertices).Select(v => v.CurrentExecution);

    public bool TransitionTo(JobStatus status, long now)
    {
        if (Status.IsGloballyTerminal() || Status == status) return false;
        Status = status;
        _statusTimestamps[status] = now;
        return true;
    }
}
