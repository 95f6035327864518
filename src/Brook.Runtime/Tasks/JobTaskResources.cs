using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Network;
using Brook.Runtime.ResourceManager;

namespace Brook.Runtime.Tasks;

/// <summary>What all tasks of a job share in process: the channels, the source coordinators, job settings.</summary>
internal sealed record JobTaskResources(
    ITaskShuffle Shuffle,
    IReadOnlyDictionary<int, ISourceCoordinator> SourceCoordinators,
    TimeSpan BufferTimeout,
    Streaming.Operators.IStateBackend? StateBackend,
    Checkpointing.TaskCheckpointingSettings? Checkpointing = null)
{
    /// <summary>
    /// The readers' gateways to their split enumerators by source node id, where they are not the coordinators
    /// themselves: a task in a TaskManager process has <see cref="OperatorEvents.RemoteSplitEnumeratorGateway{TSplit}"/>s.
    /// </summary>
    public IReadOnlyDictionary<int, ISplitEnumeratorGateway>? SplitEnumerators { get; init; }

    /// <summary>The gateway a source node's readers use to reach its enumerator.</summary>
    public ISplitEnumeratorGateway SplitEnumerator(int sourceNodeId) =>
        SplitEnumerators?.GetValueOrDefault(sourceNodeId) ?? SourceCoordinators.GetValueOrDefault(sourceNodeId)
        ?? throw new InvalidOperationException($"No split enumerator is reachable for source node {sourceNodeId}.");
}
