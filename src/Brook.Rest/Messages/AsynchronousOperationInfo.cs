using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>
/// The operation of a rescaling (or disposal) status (Flink's AsynchronousOperationInfo): <c>{}</c> on success,
/// <c>{"failure-cause":{...}}</c> when the operation failed.
/// </summary>
public sealed record AsynchronousOperationInfo(
    [property: JsonPropertyName("failure-cause"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SerializedThrowableInfo? FailureCause);
