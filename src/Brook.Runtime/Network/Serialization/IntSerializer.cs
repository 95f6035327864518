using System.Buffers.Binary;

namespace Brook.Runtime.Network.Serialization;

internal sealed class IntSerializer : TypeSerializer<int>
{
    public override int MaxLength(int value) => 4;

    public override int Serialize(int value, Span<byte> target)
    {
        BinaryPrimitives.WriteInt32LittleEndian(target, value);
        return 4;
    }

    public override int Deserialize(ReadOnlySpan<byte> source, out int consumed)
    {
        consumed = 4;
        return BinaryPrimitives.ReadInt32LittleEndian(source);
    }
}
