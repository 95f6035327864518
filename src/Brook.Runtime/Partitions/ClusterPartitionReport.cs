using Brook.Core.Ids;

namespace Brook.Runtime.Partitions;

/// <summary>The cluster partitions one TaskManager hosts (Flink's ClusterPartitionReport), sent to the ResourceManager whenever they change.</summary>
internal sealed record ClusterPartitionReport(IReadOnlyList<ClusterPartitionReport.Entry> Entries)
{
    /// <summary>The partitions of one data set hosted here, and how many partitions the whole data set has.</summary>
    public sealed record Entry(IntermediateDataSetId DataSetId, IReadOnlySet<int> HostedPartitions, int NumTotalPartitions);

    public static readonly ClusterPartitionReport Empty = new([]);
}
