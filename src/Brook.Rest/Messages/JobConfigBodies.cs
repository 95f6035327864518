using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>
/// GET /jobs/:jobid/config with the names Flink's JobConfigInfo serializer writes (<c>jid</c>, <c>name</c>,
/// <c>execution-config</c>); the OpenAPI document lists the Java field names instead.
/// </summary>
public sealed record JobConfigInfo(
    [property: JsonPropertyName("jid")] string JobId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("execution-config")] ExecutionConfigInfo ExecutionConfig);

public sealed record ExecutionConfigInfo(
    [property: JsonPropertyName("restart-strategy")] string RestartStrategy,
    [property: JsonPropertyName("job-parallelism")] int JobParallelism,
    [property: JsonPropertyName("object-reuse-mode")] bool ObjectReuseMode,
    [property: JsonPropertyName("user-config")] IReadOnlyDictionary<string, string> UserConfig);
