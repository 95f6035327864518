using System.Buffers;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>
/// The versioned binary format of an operator state snapshot (MessagePack):
/// <c>["brook-operator-state", version, [[name, mode, [element bytes...]]...]]</c>.
/// </summary>
internal static class OperatorStateSnapshotFormat
{
    public const string Magic = "brook-operator-state";
    public const int CurrentVersion = 1;

    public sealed record StateSection(string Name, OperatorStateDistributionMode Mode, IReadOnlyList<byte[]> Elements);

    public static byte[] Write(IEnumerable<StateSection> states)
    {
        var list = states.ToList();
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(3);
        writer.Write(Magic);
        writer.Write(CurrentVersion);
        writer.WriteArrayHeader(list.Count);
        foreach (var state in list)
        {
            writer.WriteArrayHeader(3);
            writer.Write(state.Name);
            writer.Write((int)state.Mode);
            writer.WriteArrayHeader(state.Elements.Count);
            foreach (var element in state.Elements) writer.Write(element);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static IReadOnlyList<StateSection> Read(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        try
        {
            if (reader.ReadArrayHeader() != 3 || reader.ReadString() != Magic)
                throw new InvalidDataException("Not a Brook operator state snapshot.");
            var version = reader.ReadInt32();
            if (version != CurrentVersion)
                throw new InvalidDataException($"Operator state snapshot format version {version} is not supported (this version reads {CurrentVersion}).");
            var count = reader.ReadArrayHeader();
            var states = new List<StateSection>(count);
            for (var i = 0; i < count; i++)
            {
                reader.ReadArrayHeader();
                var name = reader.ReadString() ?? throw new InvalidDataException("An operator state without a name.");
                var mode = (OperatorStateDistributionMode)reader.ReadInt32();
                if (!Enum.IsDefined(mode)) throw new InvalidDataException($"Operator state '{name}' has an unknown distribution mode {(int)mode}.");
                var elementCount = reader.ReadArrayHeader();
                var elements = new List<byte[]>(elementCount);
                for (var e = 0; e < elementCount; e++)
                    elements.Add(reader.ReadBytes()?.ToArray() ?? throw new InvalidDataException($"Operator state '{name}' has a null element."));
                states.Add(new StateSection(name, mode, elements));
            }
            return states;
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException("The operator state snapshot is corrupt.", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The operator state snapshot is truncated.", e);
        }
    }
}
