using Brook.Streaming.State.Internal;
using Brook.Streaming.Windowing;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Brook.Runtime.State;

/// <summary>
/// How keys, namespaces and values are written into state snapshots: MessagePack, with fixed formats for
/// Brook's own namespace types and contractless serialization (public members) for user types.
/// </summary>
internal static class StateSerialization
{
    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(
            [new VoidNamespaceFormatter(), new TimeWindowFormatter(), new GlobalWindowFormatter()],
            [ContractlessStandardResolver.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    private sealed class VoidNamespaceFormatter : IMessagePackFormatter<VoidNamespace>
    {
        public void Serialize(ref MessagePackWriter writer, VoidNamespace value, MessagePackSerializerOptions options) => writer.WriteNil();

        public VoidNamespace Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            reader.Skip();
            return VoidNamespace.Instance;
        }
    }

    private sealed class TimeWindowFormatter : IMessagePackFormatter<TimeWindow>
    {
        public void Serialize(ref MessagePackWriter writer, TimeWindow value, MessagePackSerializerOptions options)
        {
            writer.WriteArrayHeader(2);
            writer.Write(value.Start);
            writer.Write(value.End);
        }

        public TimeWindow Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            if (reader.ReadArrayHeader() != 2) throw new MessagePackSerializationException("A TimeWindow is written as [start, end].");
            var start = reader.ReadInt64();
            return new TimeWindow(start, reader.ReadInt64());
        }
    }

    private sealed class GlobalWindowFormatter : IMessagePackFormatter<GlobalWindow>
    {
        public void Serialize(ref MessagePackWriter writer, GlobalWindow value, MessagePackSerializerOptions options) => writer.WriteNil();

        public GlobalWindow Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            reader.Skip();
            return GlobalWindow.Instance;
        }
    }
}
