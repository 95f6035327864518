using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs/:jobid/vertices/:vertexid.</summary>
public sealed record JobVertexDetailsInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("parallelism")] int Parallelism,
    [property: JsonPropertyName("maxParallelism")] int MaxParallelism,
    [property: JsonPropertyName("now")] long Now,
    [property: JsonPropertyName("subtasks")] IReadOnlyList<SubtaskExecutionAttemptDetailsInfo> Subtasks,
    [property: JsonPropertyName("aggregated")] AggregatedTaskDetailsInfo Aggregated);

/// <summary>One attempt of one subtask.</summary>
public sealed record SubtaskExecutionAttemptDetailsInfo(
    [property: JsonPropertyName("subtask")] int Subtask,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("start-time")] long StartTime,
    [property: JsonPropertyName("end-time")] long EndTime,
    [property: JsonPropertyName("duration")] long Duration,
    [property: JsonPropertyName("metrics")] IOMetricsInfo Metrics,
    [property: JsonPropertyName("taskmanager-id")] string TaskManagerId,
    [property: JsonPropertyName("status-duration")] IReadOnlyDictionary<string, long> StatusDuration);

/// <summary>Statistics (min, max, avg, sum, median, p25, p75, p95) of metrics and state durations over subtasks.</summary>
public sealed record AggregatedTaskDetailsInfo(
    [property: JsonPropertyName("metrics")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Metrics,
    [property: JsonPropertyName("status-duration")] IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> StatusDuration);

/// <summary>GET /jobs/:jobid/vertices/:vertexid/subtasktimes.</summary>
public sealed record SubtasksTimesInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("now")] long Now,
    [property: JsonPropertyName("subtasks")] IReadOnlyList<SubtaskTimeInfo> Subtasks);

public sealed record SubtaskTimeInfo(
    [property: JsonPropertyName("subtask")] int Subtask,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("duration")] long Duration,
    [property: JsonPropertyName("timestamps")] IReadOnlyDictionary<string, long> Timestamps);

/// <summary>GET /jobs/:jobid/vertices/:vertexid/taskmanagers: the vertex's subtasks grouped by TaskManager.</summary>
public sealed record JobVertexTaskManagersInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("now")] long Now,
    [property: JsonPropertyName("taskmanagers")] IReadOnlyList<JobVertexTaskManagerInfo> TaskManagers);

public sealed record JobVertexTaskManagerInfo(
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("taskmanager-id")] string TaskManagerId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("start-time")] long StartTime,
    [property: JsonPropertyName("end-time")] long EndTime,
    [property: JsonPropertyName("duration")] long Duration,
    [property: JsonPropertyName("metrics")] IOMetricsInfo Metrics,
    [property: JsonPropertyName("status-counts")] IReadOnlyDictionary<string, int> StatusCounts,
    [property: JsonPropertyName("aggregated")] AggregatedTaskDetailsInfo Aggregated);
