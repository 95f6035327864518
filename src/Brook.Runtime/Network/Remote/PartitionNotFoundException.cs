namespace Brook.Runtime.Network.Remote;

/// <summary>
/// A consumer asked for a producer's subpartition until its request backoff ran out and the producer never registered it
/// (Flink's PartitionNotFoundException, same message): the producer did not start, or its partition was released.
/// </summary>
internal sealed class PartitionNotFoundException : Exception
{
    public PartitionNotFoundException(ResultPartitionId partitionId, Exception? inner = null)
        : base($"Partition {partitionId} not found.", inner)
    {
        PartitionId = partitionId;
    }

    public ResultPartitionId PartitionId { get; }
}
