using System.Buffers.Binary;
using System.Text;

namespace Brook.Runtime.Network.Serialization;

/// <summary>A string as its UTF-8 byte count (-1 for null) and bytes.</summary>
internal sealed class StringSerializer : TypeSerializer<string>
{
    public override int MaxLength(string value) => 4 + (value is null ? 0 : Encoding.UTF8.GetMaxByteCount(value.Length));

    public override int Serialize(string value, Span<byte> target)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32LittleEndian(target, -1);
            return 4;
        }
        var n = Encoding.UTF8.GetBytes(value, target[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(target, n);
        return 4 + n;
    }

    public override string Deserialize(ReadOnlySpan<byte> source, out int consumed)
    {
        var span = source;
        var n = BinaryPrimitives.ReadInt32LittleEndian(span);
        if (n == -1)
        {
            consumed = 4;
            return null!;
        }
        if ((uint)n > (uint)(span.Length - 4)) throw new InvalidDataException($"A serialized string claims {n} bytes; {span.Length - 4} remain in its record.");
        consumed = 4 + n;
        return Encoding.UTF8.GetString(span.Slice(4, n));
    }
}
