using Brook.Core.Ids;

namespace Brook.Streaming.Cache;

/// <summary>A job read a cached result whose partitions are no longer all there (Flink's ClusterDatasetCorruptedException).</summary>
public sealed class ClusterDatasetCorruptedException(IntermediateDataSetId dataSet, string message) : Exception(message)
{
    public IntermediateDataSetId DataSetId { get; } = dataSet;
}
