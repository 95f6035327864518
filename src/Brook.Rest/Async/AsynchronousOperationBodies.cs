using Brook.Rest.Messages;

namespace Brook.Rest.Async;

/// <summary>Builds the wire bodies of triggers and status queries from cache entries.</summary>
public static class AsynchronousOperationBodies
{
    public static TriggerResponse Trigger(Brook.Core.Ids.TriggerId id) => new(id.Hex);

    /// <summary>IN_PROGRESS with a null operation, or COMPLETED with the operation's success or failure payload.</summary>
    public static AsynchronousOperationResult<TInfo> Status<TResult, TInfo>(OperationResult<TResult> result, Func<TResult, TInfo> success,
        Func<Exception, TInfo> failure) =>
        result.Status switch
        {
            OperationResultStatus.InProgress => new AsynchronousOperationResult<TInfo>(QueueStatus.InProgress, default),
            OperationResultStatus.Success => new AsynchronousOperationResult<TInfo>(QueueStatus.Completed, success(result.Value!)),
            _ => new AsynchronousOperationResult<TInfo>(QueueStatus.Completed, failure(result.Failure!)),
        };

    /// <summary>The 404 for an unknown key of a cache keyed by OperationKey.</summary>
    public static NotFoundException UnknownOperation(OperationKey key) => new($"Operation not found under key: {key}");
}
