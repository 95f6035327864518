using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>Flink's JobVertexBackPressureInfo (NON_NULL): the level is written twice, as <c>backpressureLevel</c> and <c>backpressure-level</c>.</summary>
public sealed record JobVertexBackPressureInfo(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("backpressureLevel"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BackpressureLevel = null,
    [property: JsonPropertyName("end-timestamp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? EndTimestamp = null,
    [property: JsonPropertyName("subtasks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SubtaskBackPressureInfo>? Subtasks = null)
{
    [JsonPropertyName("backpressure-level"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BackpressureLevelDashed => BackpressureLevel;
}

public sealed record SubtaskBackPressureInfo(
    [property: JsonPropertyName("subtask")] int Subtask,
    [property: JsonPropertyName("attempt-number"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? AttemptNumber,
    [property: JsonPropertyName("backpressureLevel")] string BackpressureLevel,
    [property: JsonPropertyName("ratio")] double Ratio,
    [property: JsonPropertyName("idleRatio")] double IdleRatio,
    [property: JsonPropertyName("busyRatio")] double BusyRatio,
    [property: JsonPropertyName("other-concurrent-attempts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SubtaskBackPressureInfo>? OtherConcurrentAttempts)
{
    [JsonPropertyName("backpressure-level")]
    public string BackpressureLevelDashed => BackpressureLevel;
}
