using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.ExecutionGraph;

/// <summary>One attempt of a subtask.</summary>
public sealed record ArchivedExecution(
    ExecutionAttemptId AttemptId,
    int AttemptNumber,
    ExecutionState State,
    ResourceId? TaskManagerId,
    string? TaskManagerAddress,
    long StartTime,
    long EndTime,
    IReadOnlyDictionary<ExecutionState, long> StateTimestamps,
    TaskMetricsSnapshot Metrics,
    ErrorInfo? Failure,
    IReadOnlyList<ArchivedAccumulator> Accumulators);
