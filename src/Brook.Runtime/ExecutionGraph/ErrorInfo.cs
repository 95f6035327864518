using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>A failure as shown to users: the exception with its full .NET stack trace, when and where.</summary>
public sealed record ErrorInfo(string ExceptionType, string Message, string StackTrace, long Timestamp, string? TaskName, ResourceId? TaskManagerId)
{
    /// <summary>Failures merged into this one's restart (an exception history entry's concurrent exceptions).</summary>
    public IReadOnlyList<ErrorInfo> ConcurrentExceptions { get; init; } = [];

    public static ErrorInfo From(Exception ex, long timestamp, string? taskName = null, ResourceId? taskManager = null) =>
        new(ex is SerializedThrowable s ? s.OriginalClassName : ex.GetType().FullName ?? ex.GetType().Name, ex.Message, ex.ToString(), timestamp, taskName, taskManager);
}
