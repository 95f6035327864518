using Brook.Core.Ids;
using Brook.Streaming.Operators;

namespace Brook.Streaming.Cache;

/// <summary>What the runtime's source reader context offers a CacheRead source: the records of a cluster partition.</summary>
internal interface IClusterPartitionReaderContext
{
    /// <summary>Partition <paramref name="partitionNumber"/> of the cluster data set; throws <see cref="ClusterDatasetCorruptedException"/> when it is gone.</summary>
    IEnumerable<StreamRecord<T>> ReadClusterPartition<T>(IntermediateDataSetId dataSet, int partitionNumber);
}
