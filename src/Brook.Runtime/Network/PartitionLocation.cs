using Brook.Core.Ids;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.Network;

/// <summary>
/// Where one producer attempt's result partition is served (Flink's ShuffleDescriptor of a NettyShuffleDescriptor): its
/// TaskManager, that TaskManager's data address, and the attempt, part of the partition's id.
/// </summary>
public sealed record PartitionLocation(ResourceId TaskManager, string Host, int DataPort, ExecutionAttemptId ProducerAttempt);
