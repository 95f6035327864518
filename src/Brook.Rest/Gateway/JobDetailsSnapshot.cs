using Brook.Core.Ids;
using Brook.Core.States;

namespace Brook.Rest.Gateway;

/// <summary>One job as the Dispatcher sees it; times are epoch milliseconds, EndTime -1 while running.</summary>
public sealed record JobDetailsSnapshot(
    JobId Id,
    string Name,
    JobStatus Status,
    long StartTime,
    long EndTime,
    long LastModification,
    IReadOnlyDictionary<ExecutionState, int> TaskCounts,
    int PendingOperators);
