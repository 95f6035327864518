using Brook.Runtime.Partitions;

namespace Brook.Runtime.TaskExecutor;

public sealed partial class TaskExecutor
{
    /// <summary>The blocking result partitions kept here: those of running batch jobs and the cluster partitions of cached results.</summary>
    internal TaskExecutorPartitionStore PartitionStore { get; } = new();

    /// <summary>Bytes of all result partitions kept on this TaskManager (blocking exchanges of running jobs and cached results).</summary>
    public long StoredPartitionBytes => PartitionStore.StoredBytes;

    /// <summary>Bytes of the cluster partitions (cached intermediate results) kept on this TaskManager.</summary>
    public long ClusterPartitionBytes => PartitionStore.ClusterPartitionBytes;

    /// <summary>Result partitions kept on this TaskManager.</summary>
    public int StoredPartitions => PartitionStore.NumberOfPartitions;
}
