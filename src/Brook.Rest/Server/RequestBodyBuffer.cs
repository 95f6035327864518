using System.Buffers;

namespace Brook.Rest.Server;

/// <summary>
/// A request body kept in pooled 64 KiB segments while it is parsed: it grows without the copies of a doubling
/// MemoryStream, never needs one contiguous large array (which would live in the large object heap until a full
/// collection), and its segments go back to the pool when it is disposed.
/// </summary>
internal sealed class RequestBodyBuffer : IDisposable
{
    public const int SegmentSize = 64 * 1024;

    private readonly List<byte[]> _segments = [];
    private int _usedInLast;

    /// <summary>The bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>The bytes of all segments held, written or not: what the buffer takes from memory.</summary>
    public long Capacity => (long)_segments.Count * SegmentSize;

    /// <summary>True when the next write needs a new segment.</summary>
    public bool IsFull => _segments.Count == 0 || _usedInLast == SegmentSize;

    /// <summary>The free part of the last segment, renting a new segment when it is full.</summary>
    public Memory<byte> GetMemory()
    {
        if (IsFull)
        {
            _segments.Add(ArrayPool<byte>.Shared.Rent(SegmentSize));
            _usedInLast = 0;
        }
        return _segments[^1].AsMemory(_usedInLast, SegmentSize - _usedInLast);
    }

    public void Advance(int count)
    {
        _usedInLast += count;
        Length += count;
    }

    /// <summary>
    /// Reads the rest of <paramref name="source"/>, reserving each segment in the budget before filling it; over
    /// <paramref name="maxLength"/> answers 413, over the budget 503.
    /// </summary>
    public async Task FillAsync(Stream source, InFlightBodyBudget.Reservation reservation, long maxLength, CancellationToken ct)
    {
        while (true)
        {
            if (IsFull && !reservation.TryGrowTo(Math.Max(reservation.Reserved, Capacity + SegmentSize))) throw RequestRejectedException.OverBudget(reservation.Budget.Capacity);
            var n = await source.ReadAsync(GetMemory(), ct);
            if (n == 0) return;
            if (Length + n > maxLength) throw RequestRejectedException.TooLarge(maxLength);
            Advance(n);
        }
    }

    public ReadOnlySequence<byte> AsSequence()
    {
        if (Length == 0) return ReadOnlySequence<byte>.Empty;
        if (_segments.Count == 1) return new ReadOnlySequence<byte>(_segments[0], 0, _usedInLast);
        var first = new Segment(_segments[0].AsMemory(0, SegmentSize), 0);
        var last = first;
        for (var i = 1; i < _segments.Count; i++)
        {
            var length = i == _segments.Count - 1 ? _usedInLast : SegmentSize;
            if (length == 0) break;
            last = last.Append(_segments[i].AsMemory(0, length));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public void Dispose()
    {
        foreach (var segment in _segments) ArrayPool<byte>.Shared.Return(segment);
        _segments.Clear();
        _usedInLast = 0;
        Length = 0;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
