using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>The answer to triggering an asynchronous operation: <c>{"request-id":"&lt;32 hex&gt;"}</c>.</summary>
public sealed record TriggerResponse([property: JsonPropertyName("request-id")] string RequestId);

/// <summary>Flink's QueueStatus: <c>{"id":"IN_PROGRESS"|"COMPLETED"}</c>.</summary>
public sealed record QueueStatus([property: JsonPropertyName("id")] string Id)
{
    public static readonly QueueStatus InProgress = new("IN_PROGRESS");
    public static readonly QueueStatus Completed = new("COMPLETED");
}

/// <summary>
/// The status of an asynchronous operation. <c>operation</c> is written as null while in progress, as Flink does;
/// a failed operation is COMPLETED with the failure inside <c>operation</c>.
/// </summary>
public sealed record AsynchronousOperationResult<T>(
    [property: JsonPropertyName("status")] QueueStatus Status,
    [property: JsonPropertyName("operation")] T? Operation);
