using Brook.Core.Ids;

namespace Brook.Runtime.Partitions;

/// <summary>One producer subtask's part of an intermediate result (Flink's IntermediateResultPartitionID: data set and partition number).</summary>
public readonly record struct ResultPartitionId(IntermediateDataSetId DataSetId, int PartitionNumber)
{
    public override string ToString() => $"{DataSetId}#{PartitionNumber}";
}
