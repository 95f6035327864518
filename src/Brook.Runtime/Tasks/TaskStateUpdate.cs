using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Network;
using Brook.Runtime.ResourceManager;

namespace Brook.Runtime.Tasks;

/// <summary>A task's state change; terminal updates carry the failure and the final accumulators.</summary>
internal sealed record TaskStateUpdate(
    ExecutionAttemptId AttemptId,
    Core.States.ExecutionState State,
    Exception? Failure,
    IReadOnlyDictionary<string, Streaming.Accumulators.IAccumulator>? Accumulators,
    Metrics.TaskMetricsSnapshot? Metrics = null);
