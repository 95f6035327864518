using System.Buffers.Binary;
using Brook.Runtime.Network.Remote;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network.Serialization;

/// <summary>
/// Reads the records of <see cref="SpanningRecordSerializer{T}"/> back from a channel's data buffers (Flink's
/// SpillingAdaptiveSpanningRecordDeserializer): records wholly inside a buffer are read in place; the start of a record
/// that continues in the next buffer is copied aside until it is complete. Lengths, tags and value lengths are checked,
/// so a corrupt stream is an <see cref="InvalidDataException"/>, never a wrong record.
/// </summary>
internal sealed class SpillingAdaptiveSpanningRecordDeserializer<T>(TypeSerializer<T> serializer)
{
    private readonly bool _readsSpans = serializer.ReadsSpans;
    private byte[] _spill = new byte[256];
    private int _spillCount;
    private int _spillNeed;

    /// <summary>True while the start of a record waits for the rest in the next buffer.</summary>
    public bool HasPartialRecord => _spillCount > 0;

    /// <summary>Reads the next record from <paramref name="buffer"/> at <paramref name="position"/>; false once the buffer is used up.</summary>
    public bool TryNext(NetworkBuffer buffer, ref int position, out StreamRecord<T> record, out int keyGroup)
    {
        var segment = buffer.Segment;
        var available = buffer.Size - position;
        if (_spillCount > 0) return TryCompleteSpilled(segment, ref position, available, out record, out keyGroup);
        if (available >= 4)
        {
            var length = ReadLength(segment.AsSpan(position));
            if (available - 4 >= length)
            {
                record = Parse(segment, position + 4, length, out keyGroup);
                position += 4 + length;
                return true;
            }
            EnsureSpill(4 + length);
            _spillNeed = 4 + length;
        }
        else if (available == 0)
        {
            record = default;
            keyGroup = -1;
            return false;
        }
        segment.AsSpan(position, available).CopyTo(_spill);
        _spillCount = available;
        position = buffer.Size;
        record = default;
        keyGroup = -1;
        return false;
    }

    private bool TryCompleteSpilled(byte[] segment, ref int position, int available, out StreamRecord<T> record, out int keyGroup)
    {
        record = default;
        keyGroup = -1;
        if (_spillCount < 4)
        {
            var take = Math.Min(4 - _spillCount, available);
            segment.AsSpan(position, take).CopyTo(_spill.AsSpan(_spillCount));
            _spillCount += take;
            position += take;
            available -= take;
            if (_spillCount < 4) return false;
            var length = ReadLength(_spill);
            EnsureSpill(4 + length);
            _spillNeed = 4 + length;
        }
        var rest = Math.Min(_spillNeed - _spillCount, available);
        segment.AsSpan(position, rest).CopyTo(_spill.AsSpan(_spillCount));
        _spillCount += rest;
        position += rest;
        if (_spillCount < _spillNeed) return false;
        _spillCount = 0;
        record = Parse(_spill, 4, _spillNeed - 4, out keyGroup);
        return true;
    }

    private static int ReadLength(ReadOnlySpan<byte> span)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(span);
        if (length is < 1 or > SpanningRecordSerializer<T>.MaxRecordLength)
            throw new InvalidDataException($"A record length of {length} bytes is outside 1..{SpanningRecordSerializer<T>.MaxRecordLength}: the stream is corrupt.");
        return length;
    }

    private void EnsureSpill(int size)
    {
        if (_spill.Length >= size) return;
        var bigger = new byte[Math.Max(size, _spill.Length * 2)];
        _spill.AsSpan(0, _spillCount).CopyTo(bigger);
        _spill = bigger;
    }

    private StreamRecord<T> Parse(byte[] array, int offset, int length, out int keyGroup)
    {
        var span = array.AsSpan(offset, length);
        var tag = span[0];
        if ((tag & ~(SpanningRecordSerializer<T>.TagTimestamp | SpanningRecordSerializer<T>.TagKeyGroup)) != 0)
            throw new InvalidDataException($"Unknown record tag {tag}: the stream is corrupt.");
        var p = 1;
        var timestamp = StreamRecord.NoTimestamp;
        keyGroup = -1;
        if ((tag & SpanningRecordSerializer<T>.TagTimestamp) != 0)
        {
            if (span.Length < p + 8) throw new InvalidDataException("A record ends inside its timestamp: the stream is corrupt.");
            timestamp = BinaryPrimitives.ReadInt64LittleEndian(span[p..]);
            p += 8;
        }
        if ((tag & SpanningRecordSerializer<T>.TagKeyGroup) != 0)
        {
            if (span.Length < p + 4) throw new InvalidDataException("A record ends inside its key group: the stream is corrupt.");
            keyGroup = BinaryPrimitives.ReadInt32LittleEndian(span[p..]);
            if (keyGroup < 0) throw new InvalidDataException($"A record carries key group {keyGroup}: the stream is corrupt.");
            p += 4;
        }
        T value;
        int consumed;
        try
        {
            value = _readsSpans ? serializer.Deserialize(span[p..], out consumed) : serializer.Deserialize(array.AsMemory(offset + p, length - p), out consumed);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"A record's value of {length - p} bytes does not deserialize as {typeof(T).Name}: {e.Message}", e);
        }
        if (p + consumed != length)
            throw new InvalidDataException($"A record of {length} bytes held a value of {consumed} bytes after its {p}-byte header: the stream is corrupt.");
        return new StreamRecord<T>(value, timestamp);
    }
}
