using System.Buffers;

namespace Brook.Runtime.Network.Serialization;

/// <summary>
/// Writes and reads values of one type in a self-delimiting binary form (Flink's TypeSerializer). Resolved once per
/// type (<see cref="TypeSerializers"/>), so nothing reflects per record. Values of a known maximum length are written
/// straight into a network buffer; the others go through a scratch writer.
/// </summary>
internal abstract class TypeSerializer<T>
{
    /// <summary>An upper bound of the serialized length of <paramref name="value"/>, or -1 when only writing it tells.</summary>
    public abstract int MaxLength(T value);

    /// <summary>Writes <paramref name="value"/> into <paramref name="target"/> (at least <see cref="MaxLength"/> long); returns the bytes written.</summary>
    public abstract int Serialize(T value, Span<byte> target);

    /// <summary>Writes a value of any length.</summary>
    public virtual void Serialize(T value, IBufferWriter<byte> writer)
    {
        var span = writer.GetSpan(MaxLength(value));
        writer.Advance(Serialize(value, span));
    }

    /// <summary>Reads one value from the start of <paramref name="source"/>; <paramref name="consumed"/> is its length.</summary>
    public abstract T Deserialize(ReadOnlySpan<byte> source, out int consumed);

    /// <summary>False when the serializer reads memory rather than spans (MessagePack's reader), so callers pass memory.</summary>
    public virtual bool ReadsSpans => true;

    /// <summary>Reads one value from memory; the fast paths read its span.</summary>
    public virtual T Deserialize(ReadOnlyMemory<byte> source, out int consumed) => Deserialize(source.Span, out consumed);
}
