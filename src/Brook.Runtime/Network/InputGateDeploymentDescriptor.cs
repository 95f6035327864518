using Brook.Core.Ids;

namespace Brook.Runtime.Network;

/// <summary>What a consumer subtask reads on one input edge: the partition of every producer subtask, by subtask index.</summary>
public sealed record InputGateDeploymentDescriptor(IntermediateDataSetId ResultId, IReadOnlyList<PartitionLocation> Producers);
