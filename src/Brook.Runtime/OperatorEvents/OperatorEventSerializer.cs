using System.Buffers.Binary;

namespace Brook.Runtime.OperatorEvents;

/// <summary>
/// The wire form of operator events (what the RPC layer carries between a task and the JobManager), little-endian:
/// <c>version:u8 kind:u8 subtask:i32 attempt:i32</c>, then for <see cref="OperatorEventKind.AddSplits"/>
/// <c>count:i32</c> and per split <c>length:i32 bytes</c> (the source's split serializer, as in checkpoints).
/// Reading checks every length against what is there, so truncated or hostile bytes fail with
/// <see cref="InvalidDataException"/> and never allocate more than they hold.
/// </summary>
internal static class OperatorEventSerializer
{
    public const byte Version = 1;

    private const int HeaderLength = 1 + 1 + 4 + 4;

    public static byte[] Write(OperatorEvent e)
    {
        if (e.Kind != OperatorEventKind.AddSplits && e.Splits.Count > 0) throw new ArgumentException($"A {e.Kind} event carries no splits.", nameof(e));
        var length = HeaderLength + (e.Kind == OperatorEventKind.AddSplits ? 4 + e.Splits.Sum(s => 4 + s.Length) : 0);
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        span[0] = Version;
        span[1] = (byte)e.Kind;
        BinaryPrimitives.WriteInt32LittleEndian(span[2..], e.Subtask);
        BinaryPrimitives.WriteInt32LittleEndian(span[6..], e.Attempt);
        if (e.Kind != OperatorEventKind.AddSplits) return bytes;
        var at = HeaderLength;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], e.Splits.Count);
        at += 4;
        foreach (var split in e.Splits)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], split.Length);
            split.CopyTo(span[(at + 4)..]);
            at += 4 + split.Length;
        }
        return bytes;
    }

    public static OperatorEvent Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength) throw new InvalidDataException($"An operator event has {bytes.Length} bytes, fewer than its {HeaderLength}-byte header.");
        if (bytes[0] != Version) throw new InvalidDataException($"An operator event has format version {bytes[0]}; this build reads version {Version}.");
        var kind = (OperatorEventKind)bytes[1];
        if (!Enum.IsDefined(kind)) throw new InvalidDataException($"An operator event has the unknown kind {bytes[1]}.");
        var subtask = BinaryPrimitives.ReadInt32LittleEndian(bytes[2..]);
        var attempt = BinaryPrimitives.ReadInt32LittleEndian(bytes[6..]);
        if (subtask < 0 || attempt < 0) throw new InvalidDataException($"A {kind} operator event names subtask {subtask}, attempt {attempt}.");
        var payload = bytes[HeaderLength..];
        if (kind != OperatorEventKind.AddSplits)
        {
            if (payload.Length > 0) throw new InvalidDataException($"A {kind} operator event has {payload.Length} bytes after its header; it carries none.");
            return new OperatorEvent(kind, subtask, attempt);
        }
        if (payload.Length < 4) throw new InvalidDataException("An AddSplits operator event is truncated before its split count.");
        var count = BinaryPrimitives.ReadInt32LittleEndian(payload);
        payload = payload[4..];
        // Each split takes at least its 4-byte length, so a count beyond that is a lie (checked before allocating).
        if (count < 0 || count > payload.Length / 4) throw new InvalidDataException($"An AddSplits operator event claims {count} splits in {payload.Length} bytes.");
        var splits = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (payload.Length < 4) throw new InvalidDataException($"An AddSplits operator event is truncated at split {i} of {count}.");
            var length = BinaryPrimitives.ReadInt32LittleEndian(payload);
            payload = payload[4..];
            if (length < 0 || length > payload.Length)
                throw new InvalidDataException($"Split {i} of an AddSplits operator event claims {length} bytes; {payload.Length} are left.");
            splits[i] = payload[..length].ToArray();
            payload = payload[length..];
        }
        if (payload.Length > 0) throw new InvalidDataException($"An AddSplits operator event has {payload.Length} bytes after its {count} splits.");
        return new OperatorEvent(kind, subtask, attempt, splits);
    }
}
