namespace Brook.Runtime.Partitions;

/// <summary>What the ResourceManager knows of a cluster data set (Flink's DataSetMetaInfo): complete when every partition is still hosted.</summary>
public sealed record DataSetMetaInfo(int NumRegisteredPartitions, int NumTotalPartitions)
{
    public bool IsComplete => NumRegisteredPartitions == NumTotalPartitions;
}
