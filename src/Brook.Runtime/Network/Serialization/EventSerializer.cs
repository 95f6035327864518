using System.Buffers.Binary;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.Network.Remote;

namespace Brook.Runtime.Network.Serialization;

/// <summary>
/// Events as one network buffer each (Flink's EventSerializer): a type byte, then the event's fields. Carries every
/// event kind an in-process buffer carries, so a remote channel hands the task the same events.
/// </summary>
internal static class EventSerializer
{
    private const byte Watermark = 1;
    private const byte WatermarkStatus = 2;
    private const byte EndOfPartition = 3;
    private const byte CheckpointBarrier = 4;

    /// <summary>Flag bit of a barrier that carries its aligned-checkpoint timeout (it may turn unaligned).</summary>
    private const byte AlignedTimeoutFlag = 8;

    public static void Serialize<T>(Buffer<T> evt, NetworkBuffer target)
    {
        var span = target.Segment.AsSpan();
        int n;
        switch (evt.Kind)
        {
            case BufferKind.Watermark:
            case BufferKind.WatermarkStatus:
                span[0] = evt.Kind == BufferKind.Watermark ? Watermark : WatermarkStatus;
                BinaryPrimitives.WriteInt64LittleEndian(span[1..], evt.Watermark);
                n = 9;
                break;
            case BufferKind.EndOfPartition:
                span[0] = EndOfPartition;
                n = 1;
                break;
            case BufferKind.CheckpointBarrier:
                var b = evt.Barrier ?? throw new InvalidOperationException("A checkpoint barrier buffer without its barrier.");
                span[0] = CheckpointBarrier;
                BinaryPrimitives.WriteInt64LittleEndian(span[1..], b.Id);
                BinaryPrimitives.WriteInt64LittleEndian(span[9..], b.Timestamp);
                var p = b.Properties;
                span[17] = (byte)((p.IsSavepoint ? 1 : 0) | (p.IsSynchronous ? 2 : 0) | (p.Drain ? 4 : 0) | (b.AlignedTimeoutMillis is null ? 0 : AlignedTimeoutFlag));
                span[18] = p.SavepointFormat is { } f ? (byte)(1 + (int)f) : (byte)0;
                n = 19;
                // A barrier that may turn unaligned: the consumer treats it so (reached on arrival) only if it knows.
                if (b.AlignedTimeoutMillis is { } timeout)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(span[19..], timeout);
                    n = 27;
                }
                break;
            default:
                throw new InvalidOperationException($"{evt.Kind} is not an event.");
        }
        target.Size = n;
        target.DataType = NetworkBufferDataType.EventBuffer;
    }

    public static void Deserialize<T>(ReadOnlySpan<byte> source, Buffer<T> into)
    {
        if (source.IsEmpty) throw new InvalidDataException("An empty event buffer: the stream is corrupt.");
        switch (source[0])
        {
            case Watermark when source.Length == 9:
                into.Kind = BufferKind.Watermark;
                into.Watermark = BinaryPrimitives.ReadInt64LittleEndian(source[1..]);
                return;
            case WatermarkStatus when source.Length == 9:
                into.Kind = BufferKind.WatermarkStatus;
                into.Watermark = BinaryPrimitives.ReadInt64LittleEndian(source[1..]);
                if (into.Watermark is not ((long)Streaming.Operators.WatermarkStatus.Idle or (long)Streaming.Operators.WatermarkStatus.Active))
                    throw new InvalidDataException($"Unknown watermark status {into.Watermark}: the stream is corrupt.");
                return;
            case EndOfPartition when source.Length == 1:
                into.Kind = BufferKind.EndOfPartition;
                return;
            case CheckpointBarrier when source.Length is 19 or 27:
                var flags = source[17];
                var format = source[18];
                if (flags > 15 || format > 2 || ((flags & AlignedTimeoutFlag) != 0) != (source.Length == 27))
                    throw new InvalidDataException("A checkpoint barrier with unknown properties: the stream is corrupt.");
                var properties = new CheckpointProperties((flags & 1) != 0, format == 0 ? null : (SavepointFormatType)(format - 1), (flags & 2) != 0, (flags & 4) != 0);
                into.Kind = BufferKind.CheckpointBarrier;
                into.Barrier = new CheckpointBarrier(BinaryPrimitives.ReadInt64LittleEndian(source[1..]), BinaryPrimitives.ReadInt64LittleEndian(source[9..]))
                {
                    Properties = properties.Equals(CheckpointProperties.Checkpoint) ? CheckpointProperties.Checkpoint : properties,
                    AlignedTimeoutMillis = source.Length == 27 ? BinaryPrimitives.ReadInt64LittleEndian(source[19..]) : null,
                };
                return;
            default:
                throw new InvalidDataException($"Unknown event type {source[0]} in a {source.Length}-byte event buffer: the stream is corrupt.");
        }
    }
}
