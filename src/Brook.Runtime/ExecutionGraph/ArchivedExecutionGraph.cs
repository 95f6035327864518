using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>
/// An immutable snapshot of a job's ExecutionGraph (Flink's ArchivedExecutionGraph): what every REST
/// view of a job is built from. Times are epoch milliseconds; -1 means "not yet".
/// </summary>
public sealed record ArchivedExecutionGraph(
    JobId JobId,
    string JobName,
    JobStatus Status,
    long StartTime,
    long EndTime,
    long Duration,
    long SnapshotTime,
    IReadOnlyDictionary<JobStatus, long> StatusTimestamps,
    IReadOnlyList<ArchivedExecutionJobVertex> Vertices,
    ErrorInfo? FailureInfo,
    IReadOnlyList<ErrorInfo> ExceptionHistory,
    IReadOnlyDictionary<string, object> Accumulators,
    int MaxParallelism)
{
    public ArchivedExecutionJobVertex? Vertex(JobVertexId id) => Vertices.FirstOrDefault(v => v.Id == id);
}

/// <summary>A vertex of the snapshot: its chain, inputs and subtasks.</summary>
public sealed record ArchivedExecutionJobVertex(
    JobVertexId Id,
    string Name,
    int Parallelism,
    int MaxParallelism,
    IReadOnlyList<OperatorId> OperatorIds,
    IReadOnlyList<ArchivedJobInput> Inputs,
    IReadOnlyList<ArchivedExecutionVertex> Subtasks)
{
    /// <summary>Flink's aggregate state of a vertex's subtasks (ExecutionJobVertex.getAggregateJobVertexState).</summary>
    public ExecutionState AggregateState
    {
        get
        {
            int Count(ExecutionState s) => Subtasks.Count(t => t.CurrentExecution.State == s);
            if (Count(ExecutionState.FAILED) > 0) return ExecutionState.FAILED;
            if (Count(ExecutionState.CANCELING) > 0) return ExecutionState.CANCELING;
            if (Count(ExecutionState.CANCELED) > 0) return ExecutionState.CANCELED;
            if (Count(ExecutionState.INITIALIZING) > 0) return ExecutionState.INITIALIZING;
            if (Count(ExecutionState.RUNNING) > 0) return ExecutionState.RUNNING;
            var finished = Count(ExecutionState.FINISHED);
            if (finished > 0) return finished == Parallelism ? ExecutionState.FINISHED : ExecutionState.RUNNING;
            return ExecutionState.CREATED;
        }
    }

    /// <summary>Earliest subtask start (-1 if none started).</summary>
    public long StartTime => Subtasks.Select(s => s.CurrentExecution.StartTime).Where(t => t >= 0).DefaultIfEmpty(-1).Min();

    /// <summary>Latest subtask end, once all ended (-1 otherwise).</summary>
    public long EndTime => Subtasks.All(s => s.CurrentExecution.EndTime >= 0) ? Subtasks.Max(s => s.CurrentExecution.EndTime) : -1;

    /// <summary>The subtasks' metrics added up.</summary>
    public TaskMetricsSnapshot AggregatedMetrics => Subtasks.Select(s => s.CurrentExecution.Metrics).Aggregate(TaskMetricsSnapshot.Empty, (a, m) =>
        new TaskMetricsSnapshot(a.NumRecordsIn + m.NumRecordsIn, a.NumRecordsOut + m.NumRecordsOut, a.NumBytesIn + m.NumBytesIn, a.NumBytesOut + m.NumBytesOut,
            a.BusyTimeMs + m.BusyTimeMs, a.IdleTimeMs + m.IdleTimeMs, a.BackPressuredTimeMs + m.BackPressuredTimeMs, a.RunningTimeMs + m.RunningTimeMs));
}

/// <summary>An input of a vertex: the producing vertex and the ship strategy ("FORWARD", "HASH", ...).</summary>
public sealed record ArchivedJobInput(JobVertexId SourceId, IntermediateDataSetId ResultId, string ShipStrategy);

/// <summary>One subtask: its current attempt and the earlier ones.</summary>
public sealed record ArchivedExecutionVertex(int SubtaskIndex, ArchivedExecution CurrentExecution, IReadOnlyList<ArchivedExecution> PriorExecutions);

/// <summary>One attempt of a subtask.</summary>
public sealed record ArchivedExecution(
    ExecutionAttemptId AttemptId,
    int AttemptNumber,
    ExecutionState State,
    ResourceId? TaskManagerId,
    string? TaskManagerAddress,
    long StartTime,
    long EndTime,
    IReadOnlyDictionary<ExecutionState, long> StateTimestamps,
    TaskMetricsSnapshot Metrics,
    ErrorInfo? Failure,
    IReadOnlyList<AccumulatorSnapshot>? Accumulators = null);

/// <summary>One user accumulator of one attempt: its name, its type's name and its current value.</summary>
public sealed record AccumulatorSnapshot(string Name, string Type, object Value);

/// <summary>A failure as shown to users: the exception with its full .NET stack trace, when and where.</summary>
public sealed record ErrorInfo(string ExceptionType, string Message, string StackTrace, long Timestamp, string? TaskName, ResourceId? TaskManagerId)
{
    public static ErrorInfo From(Exception ex, long timestamp, string? taskName = null, ResourceId? taskManager = null) =>
        new(ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.ToString(), timestamp, taskName, taskManager);
}
