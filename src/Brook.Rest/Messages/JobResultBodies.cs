using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs/:jobid/execution-result: IN_PROGRESS until the job ended, then COMPLETED with the result.</summary>
public sealed record JobExecutionResultResponseBody(
    [property: JsonPropertyName("status")] QueueStatusInfo Status,
    [property: JsonPropertyName("job-execution-result"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobResultInfo? JobExecutionResult);

public sealed record QueueStatusInfo([property: JsonPropertyName("id")] string Id);

/// <summary>
/// The names Flink's JobResultSerializer writes. Accumulator values and the failure cannot be Java-serialized
/// objects here: <c>accumulator-results</c> holds base64 of each value's UTF-8 JSON, and the failure's
/// <c>serialized-throwable</c> base64 of its UTF-8 stack trace.
/// </summary>
public sealed record JobResultInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("application-status")] string ApplicationStatus,
    [property: JsonPropertyName("accumulator-results")] IReadOnlyDictionary<string, string> AccumulatorResults,
    [property: JsonPropertyName("net-runtime")] long NetRuntime,
    [property: JsonPropertyName("failure-cause"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SerializedThrowableInfo? FailureCause);

/// <summary>A failure as Flink's SerializedThrowableSerializer writes it.</summary>
public sealed record SerializedThrowableInfo(
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("stack-trace")] string StackTrace,
    [property: JsonPropertyName("serialized-throwable")] string SerializedThrowable);
