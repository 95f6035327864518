using Brook.Core.Ids;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// One producer attempt's partition of an intermediate data set (Flink's ResultPartitionID: the partition and the
/// attempt that produces it), so a restarted producer's partition is never confused with its predecessor's.
/// </summary>
internal readonly record struct ResultPartitionId(IntermediateDataSetId DataSetId, int PartitionIndex, ExecutionAttemptId ProducerId)
{
    public const int EncodedLength = 16 + 4 + 16;

    public void Write(Span<byte> target)
    {
        Convert.FromHexString(DataSetId.Hex, target[..16], out _, out _);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(target[16..], PartitionIndex);
        Convert.FromHexString(ProducerId.Hex, target[20..36], out _, out _);
    }

    public static ResultPartitionId Read(ReadOnlySpan<byte> source) => new(
        new IntermediateDataSetId(Convert.ToHexStringLower(source[..16])),
        System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
        new ExecutionAttemptId(Convert.ToHexStringLower(source[20..36])));

    public override string ToString() => $"{DataSetId}#{PartitionIndex}@{ProducerId}";
}
