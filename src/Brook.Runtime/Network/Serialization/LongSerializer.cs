using System.Buffers.Binary;

namespace Brook.Runtime.Network.Serialization;

internal sealed class LongSerializer : TypeSerializer<long>
{
    public override int MaxLength(long value) => 8;

    public override int Serialize(long value, Span<byte> target)
    {
        BinaryPrimitives.WriteInt64LittleEndian(target, value);
        return 8;
    }

    public override long Deserialize(ReadOnlySpan<byte> source, out int consumed)
    {
        consumed = 8;
        return BinaryPrimitives.ReadInt64LittleEndian(source);
    }
}
