using System.Buffers.Binary;

namespace Brook.Runtime.Network.Serialization;

internal sealed class DoubleSerializer : TypeSerializer<double>
{
    public override int MaxLength(double value) => 8;

    public override int Serialize(double value, Span<byte> target)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(target, value);
        return 8;
    }

    public override double Deserialize(ReadOnlySpan<byte> source, out int consumed)
    {
        consumed = 8;
        return BinaryPrimitives.ReadDoubleLittleEndian(source);
    }
}
