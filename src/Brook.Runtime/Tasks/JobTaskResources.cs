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
    Checkpointing.TaskCheckpointingSettings? Checkpointing = null);
