using Brook.Runtime.JobGraph;

namespace Brook.Runtime.Network;

/// <summary>
/// Where a task's record writers and input gates get their channels (Flink's ShuffleEnvironment as a task sees it):
/// the in-process <see cref="JobShuffle"/>, or channels over the network to producers and consumers in other TaskManagers.
/// </summary>
internal interface ITaskShuffle
{
    /// <summary>The subpartitions producer subtask <paramref name="producer"/> writes on <paramref name="edge"/>, one per consumer subtask.</summary>
    IResultSubpartition<T>[] ProducerChannels<T>(JobEdge edge, int producer);

    /// <summary>The channels consumer subtask <paramref name="consumer"/> reads on <paramref name="edge"/>, one per producer subtask.</summary>
    IInputChannel<T>[] ConsumerChannels<T>(JobEdge edge, int consumer);

    /// <summary>The cluster's cached results (null where the job runs without a ResourceManager that tracks them).</summary>
    Partitions.ResourceManagerPartitionTracker? ClusterPartitions { get; }
}
