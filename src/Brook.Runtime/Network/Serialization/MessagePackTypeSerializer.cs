using System.Buffers;
using Brook.Runtime.State;
using MessagePack;
using MessagePack.Formatters;

namespace Brook.Runtime.Network.Serialization;

/// <summary>
/// User types through MessagePack with the state's options (contractless, untrusted-data limits): the formatter is
/// resolved once here, so a record costs one formatter call and no resolver lookup.
/// </summary>
internal sealed class MessagePackTypeSerializer<T> : TypeSerializer<T>
{
    private readonly MessagePackSerializerOptions _options = StateSerialization.Options;
    private readonly IMessagePackFormatter<T> _formatter = StateSerialization.Options.Resolver.GetFormatterWithVerify<T>();

    public override int MaxLength(T value) => -1;

    public override int Serialize(T value, Span<byte> target) =>
        throw new InvalidOperationException("MessagePack values have no maximum length; write them through a buffer writer.");

    public override void Serialize(T value, IBufferWriter<byte> writer)
    {
        var w = new MessagePackWriter(writer);
        _formatter.Serialize(ref w, value, _options);
        w.Flush();
    }

    public override bool ReadsSpans => false;

    /// <summary>MessagePack's reader needs memory: a span is copied first (the record deserializer passes memory instead).</summary>
    public override T Deserialize(ReadOnlySpan<byte> source, out int consumed) => Deserialize(source.ToArray().AsMemory(), out consumed);

    public override T Deserialize(ReadOnlyMemory<byte> source, out int consumed)
    {
        var r = new MessagePackReader(source);
        var value = _formatter.Deserialize(ref r, _options);
        consumed = (int)r.Consumed;
        return value;
    }
}
