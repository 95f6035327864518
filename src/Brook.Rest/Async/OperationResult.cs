namespace Brook.Rest.Async;

/// <summary>Flink's OperationResultStatus (internal, not on the wire).</summary>
public enum OperationResultStatus
{
    InProgress,
    Success,
    Failure,
}

/// <summary>The state of one asynchronous operation: in progress, succeeded with a value, or failed with a cause.</summary>
public sealed record OperationResult<TResult>(OperationResultStatus Status, TResult? Value, Exception? Failure)
{
    public static OperationResult<TResult> InProgress { get; } = new(OperationResultStatus.InProgress, default, null);

    public static OperationResult<TResult> Success(TResult value) => new(OperationResultStatus.Success, value, null);

    public static OperationResult<TResult> Failed(Exception cause) => new(OperationResultStatus.Failure, default, cause);
}
