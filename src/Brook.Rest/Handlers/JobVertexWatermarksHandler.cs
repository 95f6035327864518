using System.Globalization;
using Brook.Core.States;
using Brook.Rest.Messages;
using Brook.Runtime.ExecutionGraph;

namespace Brook.Rest.Handlers;

/// <summary>
/// GET /jobs/:jobid/vertices/:vertexid/watermarks: each subtask's <c>currentInputWatermark</c> as its task
/// reports it, under Flink's metric id <c>&lt;subtask&gt;.currentInputWatermark</c>. As in Flink, a subtask
/// that never reported metrics (not yet deployed) is left out, and "no watermark yet" is Long.MIN_VALUE.
/// </summary>
public static class JobVertexWatermarksHandler
{
    public const string MetricName = "currentInputWatermark";

    public static MetricCollectionResponseBody Handle(ArchivedExecutionJobVertex vertex) =>
        new(vertex.Subtasks
            .Where(s => HasReported(s.CurrentExecution))
            .Select(s => new Metric($"{s.SubtaskIndex}.{MetricName}",
                s.CurrentExecution.Metrics.CurrentInputWatermark.ToString(CultureInfo.InvariantCulture)))
            .ToList());

    private static bool HasReported(ArchivedExecution attempt) =>
        attempt.StateTimestamps.ContainsKey(ExecutionState.DEPLOYING) || attempt.StateTimestamps.ContainsKey(ExecutionState.INITIALIZING)
        || attempt.StateTimestamps.ContainsKey(ExecutionState.RUNNING);
}
