using Brook.Core.Ids;

namespace Brook.Runtime.Network;

/// <summary>
/// The result partition a producer subtask writes on one output edge: one subpartition per consumer subtask, kept in
/// memory for a consumer on the producer's own TaskManager and served over the data plane to the others.
/// </summary>
/// <param name="ResultId">The edge's intermediate data set.</param>
/// <param name="ConsumerTaskManagers">The TaskManager of each consumer subtask, by subtask index.</param>
public sealed record ResultPartitionDeploymentDescriptor(IntermediateDataSetId ResultId, IReadOnlyList<ResourceId> ConsumerTaskManagers);
