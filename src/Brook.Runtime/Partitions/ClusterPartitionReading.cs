using Brook.Core.Ids;
using Brook.Streaming.Cache;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Partitions;

/// <summary>How a CacheRead source reads one partition of a cached result: every data record of every subpartition, in order.</summary>
internal static class ClusterPartitionReading
{
    public static IEnumerable<StreamRecord<T>> Read<T>(ResourceManagerPartitionTracker? tracker, IntermediateDataSetId dataSet, int partitionNumber)
    {
        var partition = tracker?.FindClusterPartition(dataSet, partitionNumber) as BlockingResultPartition<T>
            ?? throw new ClusterDatasetCorruptedException(dataSet, $"Partition {partitionNumber} of cluster data set {dataSet} is not available; the data set is corrupted.");
        return Records(partition);
    }

    private static IEnumerable<StreamRecord<T>> Records<T>(BlockingResultPartition<T> partition)
    {
        for (var s = 0; s < partition.NumberOfSubpartitions; s++)
        {
            foreach (var r in partition.Records(s)) yield return r;
        }
    }
}
