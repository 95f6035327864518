using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs/:jobid/accumulators: user accumulators merged over all subtasks.</summary>
public sealed record JobAccumulatorsInfo(
    [property: JsonPropertyName("job-accumulators")] IReadOnlyList<JobAccumulator> JobAccumulators,
    [property: JsonPropertyName("user-task-accumulators")] IReadOnlyList<UserAccumulator> UserTaskAccumulators,
    [property: JsonPropertyName("serialized-user-task-accumulators")] IReadOnlyDictionary<string, string> SerializedUserTaskAccumulators);

/// <summary>Flink's always-empty list of job accumulators (the user's are in user-task-accumulators).</summary>
public sealed record JobAccumulator;

/// <summary>An accumulator as text: its name, its type's name and its value.</summary>
public sealed record UserAccumulator(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value);

/// <summary>GET /jobs/:jobid/vertices/:vertexid/accumulators.</summary>
public sealed record JobVertexAccumulatorsInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("user-accumulators")] IReadOnlyList<UserAccumulator> UserAccumulators);

/// <summary>GET /jobs/:jobid/vertices/:vertexid/subtasks/accumulators.</summary>
public sealed record SubtasksAllAccumulatorsInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("parallelism")] int Parallelism,
    [property: JsonPropertyName("subtasks")] IReadOnlyList<SubtaskAccumulatorsInfo> Subtasks);

public sealed record SubtaskAccumulatorsInfo(
    [property: JsonPropertyName("subtask")] int Subtask,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("endpoint")] string Endpoint,
    [property: JsonPropertyName("user-accumulators")] IReadOnlyList<UserAccumulator> UserAccumulators);

/// <summary>GET .../subtasks/:subtaskindex/attempts/:attempt/accumulators.</summary>
public sealed record SubtaskExecutionAttemptAccumulatorsInfo(
    [property: JsonPropertyName("subtask")] int Subtask,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("user-accumulators")] IReadOnlyList<UserAccumulator> UserAccumulators);
