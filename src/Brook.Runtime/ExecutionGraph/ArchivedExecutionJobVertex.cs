using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.ExecutionGraph;

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
