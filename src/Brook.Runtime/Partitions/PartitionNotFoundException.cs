namespace Brook.Runtime.Partitions;

/// <summary>A consumer asked for a result partition that was released or lost with its TaskManager (Flink's PartitionNotFoundException).</summary>
public sealed class PartitionNotFoundException(ResultPartitionId id) : Exception($"Partition {id} not found.")
{
    public ResultPartitionId PartitionId { get; } = id;
}
