using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>GET /jobs/:jobid/exceptions.</summary>
public sealed record JobExceptionsInfoWithHistory([property: JsonPropertyName("exceptionHistory")] JobExceptionHistory ExceptionHistory);

/// <summary>The newest failures first; <c>truncated</c> when maxExceptions cut entries off.</summary>
public sealed record JobExceptionHistory(
    [property: JsonPropertyName("entries")] IReadOnlyList<RootExceptionInfo> Entries,
    [property: JsonPropertyName("truncated")] bool Truncated);

public sealed record RootExceptionInfo(
    [property: JsonPropertyName("exceptionName")] string ExceptionName,
    [property: JsonPropertyName("stacktrace")] string Stacktrace,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("taskName")] string? TaskName,
    [property: JsonPropertyName("endpoint")] string? Endpoint,
    [property: JsonPropertyName("taskManagerId")] string? TaskManagerId,
    [property: JsonPropertyName("failureLabels")] IReadOnlyDictionary<string, string> FailureLabels,
    [property: JsonPropertyName("concurrentExceptions")] IReadOnlyList<ExceptionInfo> ConcurrentExceptions);

public sealed record ExceptionInfo(
    [property: JsonPropertyName("exceptionName")] string ExceptionName,
    [property: JsonPropertyName("stacktrace")] string Stacktrace,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("taskName")] string? TaskName,
    [property: JsonPropertyName("endpoint")] string? Endpoint,
    [property: JsonPropertyName("taskManagerId")] string? TaskManagerId,
    [property: JsonPropertyName("failureLabels")] IReadOnlyDictionary<string, string> FailureLabels);
