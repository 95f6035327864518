using System.Buffers;

namespace Brook.Rest.Server;

/// <summary>
/// A request body held in memory while it is parsed. A body that declares its length gets one array of exactly
/// that length, so the parser reads it in place (a text value spread over several buffers would be copied once
/// more to be decoded); a body of unknown length grows in pooled 64 KiB segments, without the copies of a doubling
/// MemoryStream. Large arrays are never taken from or given to a pool: ArrayPool.Shared keeps arrays of 128 MB and
/// more, which would stay after the load.
/// </summary>
internal sealed class RequestBodyBuffer(long? declaredLength = null) : IDisposable
{
    public const int SegmentSize = 64 * 1024;

    private readonly List<(byte[] Array, bool Pooled)> _segments = [];
    private int _usedInLast;

    /// <summary>The bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>The bytes of all arrays held, written or not: what the buffer takes from memory.</summary>
    public long Capacity { get; private set; }

    /// <summary>True when the next write needs another array.</summary>
    public bool IsFull => _segments.Count == 0 || _usedInLast == _segments[^1].Array.Length;

    /// <summary>The size of the array the next write adds when the buffer is full.</summary>
    public int NextArraySize => _segments.Count == 0 && declaredLength > SegmentSize ? (int)declaredLength.Value : SegmentSize;

    /// <summary>The free part of the last array, adding an array when it is full.</summary>
    public Memory<byte> GetMemory()
    {
        if (IsFull)
        {
            var size = NextArraySize;
            var pooled = size == SegmentSize;
            _segments.Add((pooled ? ArrayPool<byte>.Shared.Rent(SegmentSize) : GC.AllocateUninitializedArray<byte>(size), pooled));
            Capacity += size;
            _usedInLast = 0;
        }
        var last = _segments[^1].Array;
        return last.AsMemory(_usedInLast, last.Length - _usedInLast);
    }

    public void Advance(int count)
    {
        _usedInLast += count;
        Length += count;
    }

    /// <summary>
    /// Reads the rest of <paramref name="source"/>, reserving each array in the budget before filling it; over
    /// <paramref name="maxLength"/> answers 413, over the budget 503.
    /// </summary>
    public async Task FillAsync(Stream source, InFlightBodyBudget.Reservation reservation, long maxLength, CancellationToken ct)
    {
        while (true)
        {
            if (IsFull && !reservation.TryGrowTo(Math.Max(reservation.Reserved, Capacity + NextArraySize)))
                throw RequestRejectedException.OverBudget(reservation.Budget.Capacity);
            var n = await source.ReadAsync(GetMemory(), ct);
            if (n == 0) return;
            if (Length + n > maxLength) throw RequestRejectedException.TooLarge(maxLength);
            Advance(n);
        }
    }

    public ReadOnlySequence<byte> AsSequence()
    {
        if (Length == 0) return ReadOnlySequence<byte>.Empty;
        var used = _segments.Select((s, i) => s.Array.AsMemory(0, i == _segments.Count - 1 ? _usedInLast : s.Array.Length)).Where(m => m.Length > 0).ToList();
        if (used.Count == 1) return new ReadOnlySequence<byte>(used[0]);
        var first = new Segment(used[0], 0);
        var last = first;
        foreach (var memory in used.Skip(1)) last = last.Append(memory);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    public void Dispose()
    {
        foreach (var (array, pooled) in _segments)
        {
            if (pooled) ArrayPool<byte>.Shared.Return(array);
        }
        _segments.Clear();
        _usedInLast = 0;
        Length = 0;
        Capacity = 0;
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
