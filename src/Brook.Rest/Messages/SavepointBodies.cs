using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>POST /jobs/:jobid/savepoints body (Flink's SavepointTriggerRequestBody); every field optional.</summary>
public sealed record SavepointTriggerRequestBody(
    [property: JsonPropertyName("target-directory")] string? TargetDirectory = null,
    [property: JsonPropertyName("cancel-job")] bool? CancelJob = null,
    [property: JsonPropertyName("formatType")] string? FormatType = null,
    [property: JsonPropertyName("triggerId")] string? TriggerId = null);

/// <summary>POST /jobs/:jobid/stop body (Flink's StopWithSavepointRequestBody); every field optional.</summary>
public sealed record StopWithSavepointRequestBody(
    [property: JsonPropertyName("targetDirectory")] string? TargetDirectory = null,
    [property: JsonPropertyName("drain")] bool? Drain = null,
    [property: JsonPropertyName("formatType")] string? FormatType = null,
    [property: JsonPropertyName("triggerId")] string? TriggerId = null);

/// <summary>The operation of a savepoint status (Flink's SavepointInfo): exactly one of location and failure-cause.</summary>
public sealed record SavepointInfo(
    [property: JsonPropertyName("location"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Location,
    [property: JsonPropertyName("failure-cause"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SerializedThrowableInfo? FailureCause);

/// <summary>POST /savepoint-disposal body (Flink's SavepointDisposalRequest).</summary>
public sealed record SavepointDisposalRequest([property: JsonPropertyName("savepoint-path")] string? SavepointPath = null);
