using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Brook.Runtime.Network.Remote;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network.Serialization;

/// <summary>
/// Serializes stream records into network buffers (Flink's SpanningRecordSerializer with StreamElementSerializer's
/// tag): each record is its length (4 bytes), a tag (bit 0: a timestamp follows, bit 1: a key group follows), the
/// timestamp, the key group and the value. A record that does not fit the rest of a buffer continues in the next one.
/// Values of known maximum length are written in place; the others go through a reused scratch writer.
/// </summary>
internal sealed class SpanningRecordSerializer<T>(TypeSerializer<T> serializer, INetworkBufferSink sink)
{
    public const int MaxRecordLength = 64 * 1024 * 1024;
    public const byte TagTimestamp = 1;
    public const byte TagKeyGroup = 2;

    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private NetworkBuffer? _current;
    private int _position;

    /// <summary>Bytes written into buffers so far (numBytesOut).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Appends one record; <paramref name="keyGroup"/> is -1 when the record carries none.</summary>
    public void Write(in StreamRecord<T> record, int keyGroup)
    {
        var hasTimestamp = record.Timestamp != StreamRecord.NoTimestamp;
        var headerLength = 1 + (hasTimestamp ? 8 : 0) + (keyGroup >= 0 ? 4 : 0);
        var max = serializer.MaxLength(record.Value);
        var current = _current ??= sink.RequestBuffer();
        if (max >= 0 && current.Segment.Length - _position >= 4 + headerLength + max)
        {
            var span = current.Segment.AsSpan(_position);
            var p = WriteHeader(span[4..], record.Timestamp, hasTimestamp, keyGroup) + 4;
            p += serializer.Serialize(record.Value, span[p..]);
            BinaryPrimitives.WriteInt32LittleEndian(span, p - 4);
            _position += p;
            BytesWritten += p;
            return;
        }
        _scratch.ResetWrittenCount();
        var head = _scratch.GetSpan(4 + headerLength);
        var h = WriteHeader(head[4..], record.Timestamp, hasTimestamp, keyGroup);
        _scratch.Advance(4 + h);
        serializer.Serialize(record.Value, _scratch);
        var length = _scratch.WrittenCount - 4;
        if (length > MaxRecordLength) throw new InvalidOperationException($"A record of {length} bytes exceeds the network's limit of {MaxRecordLength} bytes.");
        // The scratch writer's memory is ours until its next reset: backfill the length in place.
        var written = MemoryMarshal.AsMemory(_scratch.WrittenMemory).Span;
        BinaryPrimitives.WriteInt32LittleEndian(written, length);
        WriteSpanning(written);
    }

    private static int WriteHeader(Span<byte> target, long timestamp, bool hasTimestamp, int keyGroup)
    {
        var tag = (byte)((hasTimestamp ? TagTimestamp : 0) | (keyGroup >= 0 ? TagKeyGroup : 0));
        target[0] = tag;
        var p = 1;
        if (hasTimestamp)
        {
            BinaryPrimitives.WriteInt64LittleEndian(target[p..], timestamp);
            p += 8;
        }
        if (keyGroup >= 0)
        {
            BinaryPrimitives.WriteInt32LittleEndian(target[p..], keyGroup);
            p += 4;
        }
        return p;
    }

    private void WriteSpanning(ReadOnlySpan<byte> bytes)
    {
        BytesWritten += bytes.Length;
        while (!bytes.IsEmpty)
        {
            var current = _current ??= sink.RequestBuffer();
            var room = current.Segment.Length - _position;
            if (room == 0)
            {
                Flush();
                continue;
            }
            var n = Math.Min(room, bytes.Length);
            bytes[..n].CopyTo(current.Segment.AsSpan(_position));
            _position += n;
            bytes = bytes[n..];
        }
    }

    /// <summary>Hands the buffer being written to the sink, if it holds anything.</summary>
    public void Flush()
    {
        if (_current is not { } current || _position == 0) return;
        current.Size = _position;
        current.DataType = NetworkBufferDataType.DataBuffer;
        _current = null;
        _position = 0;
        sink.Add(current);
    }
}
