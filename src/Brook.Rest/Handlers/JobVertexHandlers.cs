using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Runtime.ExecutionGraph;

namespace Brook.Rest.Handlers;

/// <summary>The vertex, subtask and attempt views of a job, with Flink's 404 texts for what does not exist.</summary>
public static class JobVertexHandlers
{
    /// <summary>The vertex, or AbstractJobVertexHandler's 404.</summary>
    public static ArchivedExecutionJobVertex Vertex(ExecutionGraphInfo info, JobVertexId id) =>
        info.Graph.Vertex(id) ?? throw new NotFoundException($"No vertex with ID '{id.Hex}' exists.");

    /// <summary>The vertex, or the 404 of JobVertexDetailsHandler and JobVertexTaskManagersHandler.</summary>
    public static ArchivedExecutionJobVertex VertexForDetails(ExecutionGraphInfo info, JobVertexId id) =>
        info.Graph.Vertex(id) ?? throw new NotFoundException($"JobVertex {id.Hex} not found");

    public static ArchivedExecutionVertex Subtask(ArchivedExecutionJobVertex vertex, int index) =>
        index >= 0 && index < vertex.Subtasks.Count
            ? vertex.Subtasks[index]
            : throw new NotFoundException($"Invalid subtask index for vertex {vertex.Id.Hex}");

    /// <summary>The current attempt or an earlier one, or AbstractSubtaskAttemptHandler's 404.</summary>
    public static ArchivedExecution Attempt(ArchivedExecutionJobVertex vertex, ArchivedExecutionVertex subtask, int attempt)
    {
        if (attempt < 0) throw new NotFoundException($"Invalid attempt num {attempt}");
        if (subtask.CurrentExecution.AttemptNumber == attempt) return subtask.CurrentExecution;
        return subtask.PriorExecutions.FirstOrDefault(e => e.AttemptNumber == attempt)
               ?? throw new NotFoundException($"Attempt {attempt} not found in subtask {vertex.Name} ({subtask.SubtaskIndex + 1}/{vertex.Parallelism})");
    }

    public static JobVertexDetailsInfo Details(ExecutionGraphInfo info, ArchivedExecutionJobVertex vertex)
    {
        var now = info.Graph.SnapshotTime;
        var attempts = vertex.Subtasks.Select(s => s.CurrentExecution).ToList();
        return new JobVertexDetailsInfo(vertex.Id.Hex, vertex.Name, vertex.Parallelism, vertex.MaxParallelism, now,
            vertex.Subtasks.Select(s => AttemptDetails(s.SubtaskIndex, s.CurrentExecution, now)).ToList(),
            JobViewFormat.Aggregated(attempts, now));
    }

    public static SubtaskExecutionAttemptDetailsInfo AttemptDetails(int subtask, ArchivedExecution e, long now) =>
        new(subtask, e.State.ToString(), e.AttemptNumber, JobViewFormat.Endpoint(e), e.StartTime, e.EndTime,
            JobViewFormat.Duration(e.StartTime, e.EndTime, now), JobViewFormat.Metrics(e.Metrics), JobViewFormat.TaskManagerId(e),
            JobViewFormat.StatusDuration(e, now));

    /// <summary>Every state's timestamp (0 when not reached) and the time from deployment to the end (or now).</summary>
    public static SubtasksTimesInfo SubtaskTimes(ExecutionGraphInfo info, ArchivedExecutionJobVertex vertex)
    {
        var now = info.Graph.SnapshotTime;
        return new SubtasksTimesInfo(vertex.Id.Hex, vertex.Name, now, vertex.Subtasks.Select(s =>
        {
            var e = s.CurrentExecution;
            var timestamps = Enum.GetValues<Core.States.ExecutionState>().ToDictionary(st => st.ToString(), st => e.StateTimestamps.GetValueOrDefault(st, 0));
            return new SubtaskTimeInfo(s.SubtaskIndex, JobViewFormat.Endpoint(e), JobViewFormat.Duration(e.StartTime, e.EndTime, now), timestamps);
        }).ToList());
    }

    /// <summary>The vertex's subtasks grouped by the TaskManager they run on.</summary>
    public static JobVertexTaskManagersInfo TaskManagers(ExecutionGraphInfo info, ArchivedExecutionJobVertex vertex)
    {
        var now = info.Graph.SnapshotTime;
        var groups = vertex.Subtasks.Select(s => s.CurrentExecution).GroupBy(e => (Endpoint: JobViewFormat.Endpoint(e), Id: JobViewFormat.TaskManagerId(e)))
            .OrderBy(g => g.Key.Endpoint, StringComparer.Ordinal);
        var list = groups.Select(g =>
        {
            var attempts = g.ToList();
            var start = attempts.Select(a => a.StartTime).Where(t => t >= 0).DefaultIfEmpty(-1).Min();
            var end = attempts.All(a => a.EndTime >= 0) ? attempts.Max(a => a.EndTime) : -1;
            var counts = JobViewFormat.StateCounts(attempts.Select(a => a.State));
            var state = new ArchivedExecutionJobVertex(vertex.Id, vertex.Name, attempts.Count, vertex.MaxParallelism, vertex.OperatorIds, vertex.Inputs,
                attempts.Select((a, i) => new ArchivedExecutionVertex(i, a, [])).ToList()).AggregateState;
            return new JobVertexTaskManagerInfo(g.Key.Endpoint, g.Key.Id, state.ToString(), start, end, JobViewFormat.Duration(start, end, now),
                JobViewFormat.Metrics(JobViewFormat.Sum(attempts.Select(a => a.Metrics))), counts, JobViewFormat.Aggregated(attempts, now));
        }).ToList();
        return new JobVertexTaskManagersInfo(vertex.Id.Hex, vertex.Name, now, list);
    }
}
