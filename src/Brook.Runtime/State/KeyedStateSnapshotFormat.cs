using System.Buffers;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>
/// The versioned binary format of a keyed state snapshot (MessagePack):
/// <c>["brook-keyed-state", version, maxParallelism, keyType, [[name, kind, [[keyGroup, payload]...]]...]]</c>.
/// Every key group's data is a separate byte payload, so a reader keeps only the key groups it owns
/// without decoding the others (rescaling reads several snapshots and filters them to its range).
/// </summary>
internal static class KeyedStateSnapshotFormat
{
    public const string Magic = "brook-keyed-state";
    public const int CurrentVersion = 1;
    public const int TimerServiceKind = 100;

    public sealed record StateSection(string Name, int KindCode, IReadOnlyList<(int KeyGroup, ReadOnlyMemory<byte> Payload)> KeyGroups);

    public sealed record Snapshot(int Version, int MaxParallelism, string KeyType, IReadOnlyList<StateSection> States);

    public static byte[] Write(int maxParallelism, string keyType, IReadOnlyList<StateSection> states)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(5);
        writer.Write(Magic);
        writer.Write(CurrentVersion);
        writer.Write(maxParallelism);
        writer.Write(keyType);
        writer.WriteArrayHeader(states.Count);
        foreach (var state in states)
        {
            writer.WriteArrayHeader(3);
            writer.Write(state.Name);
            writer.Write(state.KindCode);
            writer.WriteArrayHeader(state.KeyGroups.Count);
            foreach (var (keyGroup, payload) in state.KeyGroups)
            {
                writer.WriteArrayHeader(2);
                writer.Write(keyGroup);
                writer.Write(payload.Span);
            }
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static Snapshot Read(ReadOnlyMemory<byte> bytes)
    {
        var reader = new MessagePackReader(bytes);
        try
        {
            if (reader.ReadArrayHeader() != 5 || reader.ReadString() != Magic)
                throw new InvalidDataException("Not a Brook keyed state snapshot.");
            var version = reader.ReadInt32();
            if (version != CurrentVersion)
                throw new InvalidDataException($"Keyed state snapshot format version {version} is not supported (this version reads {CurrentVersion}).");
            var maxParallelism = reader.ReadInt32();
            var keyType = reader.ReadString() ?? "";
            var stateCount = reader.ReadArrayHeader();
            var states = new List<StateSection>(stateCount);
            for (var s = 0; s < stateCount; s++)
            {
                reader.ReadArrayHeader();
                var name = reader.ReadString() ?? throw new InvalidDataException("A keyed state without a name.");
                var kind = reader.ReadInt32();
                var groupCount = reader.ReadArrayHeader();
                var groups = new List<(int, ReadOnlyMemory<byte>)>(groupCount);
                for (var g = 0; g < groupCount; g++)
                {
                    reader.ReadArrayHeader();
                    var keyGroup = reader.ReadInt32();
                    var payload = reader.ReadBytes() ?? throw new InvalidDataException($"Key group {keyGroup} of state '{name}' has no payload.");
                    groups.Add((keyGroup, payload.ToArray()));
                }
                states.Add(new StateSection(name, kind, groups));
            }
            return new Snapshot(version, maxParallelism, keyType, states);
        }
        catch (MessagePackSerializationException e)
        {
            throw new InvalidDataException("The keyed state snapshot is corrupt.", e);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The keyed state snapshot is truncated.", e);
        }
    }
}
