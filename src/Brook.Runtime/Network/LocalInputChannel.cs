using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Brook.Runtime.Network;

/// <summary>
/// One producer subtask → one consumer subtask, in process: a bounded single-producer/single-consumer ring
/// of buffers. When the ring is full the producer blocks (backpressure), so at most
/// capacity × records-per-buffer records are in flight per channel. Buffers go back to the producer
/// through a free list, so steady-state exchange allocates nothing.
/// </summary>
internal sealed class LocalInputChannel<T> : IInputChannel<T>, IResultSubpartition<T>, IPriorityInputChannel<T>, IPrioritySubpartition<T>
{
    private readonly Buffer<T>?[] _ring;
    private readonly int _recordsPerBuffer;
    private readonly ConcurrentQueue<Buffer<T>> _free = new();
    private readonly ManualResetEventSlim _space = new(true, spinCount: 20);
    private PaddedLong _head;
    private PaddedLong _tail;
    private InputSignal? _consumerSignal;
    private InputSignal? _producerSignal;
    private readonly ConcurrentQueue<PriorityBarrier<T>> _priority = new();

    /// <summary>Set for a subpartition of a blocking result: every offered buffer is kept here, never handed over or recycled.</summary>
    private readonly List<Buffer<T>>? _stored;
    private long _storedBytes;

    /// <summary>Set for a reader of a blocking result: the buffers belong to the stored subpartition, which other readers may read again.</summary>
    private readonly bool _replay;

    public LocalInputChannel(int capacity, int recordsPerBuffer)
    {
        _ring = new Buffer<T>?[capacity];
        _recordsPerBuffer = recordsPerBuffer;
    }

    private LocalInputChannel(Buffer<T>?[] ring, int recordsPerBuffer, List<Buffer<T>>? stored, bool replay)
    {
        _ring = ring;
        _recordsPerBuffer = recordsPerBuffer;
        _stored = stored;
        _replay = replay;
    }

    /// <summary>
    /// A subpartition of a blocking result (Flink's BoundedBlockingSubpartition, kept in memory): the producer's
    /// buffers accumulate without bound and without backpressure until its consumers read them after it finished.
    /// </summary>
    public static LocalInputChannel<T> Blocking(int recordsPerBuffer) => new([], recordsPerBuffer, [], false);

    /// <summary>A reader over the complete buffers of a blocking subpartition; as many readers as needed may read it.</summary>
    public LocalInputChannel<T> OpenReader()
    {
        var stored = _stored ?? throw new InvalidOperationException("Only a blocking subpartition can be read again.");
        var ring = new Buffer<T>?[Math.Max(1, stored.Count)];
        for (var i = 0; i < stored.Count; i++) ring[i] = stored[i];
        var reader = new LocalInputChannel<T>(ring, _recordsPerBuffer, null, true);
        reader._tail.Value = stored.Count;
        return reader;
    }

    /// <summary>The buffers a blocking subpartition keeps (empty for pipelined channels).</summary>
    public IReadOnlyList<Buffer<T>> StoredBuffers => _stored ?? (IReadOnlyList<Buffer<T>>)[];

    /// <summary>Bytes of the buffers a blocking subpartition keeps: their record (and key-group) arrays.</summary>
    public long StoredBytes => Volatile.Read(ref _storedBytes);

    /// <summary>Drops the kept buffers of a blocking subpartition so their memory can be reclaimed.</summary>
    public void ReleaseStored()
    {
        if (_stored is null) return;
        _stored.Clear();
        _stored.TrimExcess();
        Volatile.Write(ref _storedBytes, 0);
    }

    public int Capacity => _ring.Length;

    public int RecordsPerBuffer => _recordsPerBuffer;

    /// <summary>The consumer task's wake-up signal, set when the channel receives a buffer.</summary>
    public void BindConsumer(InputSignal signal) => Volatile.Write(ref _consumerSignal, signal);

    /// <summary>The producer task's wake-up signal, set when the consumer frees a slot (the producer waits for output space there).</summary>
    public void BindProducer(InputSignal signal) => Volatile.Write(ref _producerSignal, signal);

    /// <summary>Whether a buffer can be offered without blocking (producer side); a blocking subpartition always takes one.</summary>
    public bool HasSpace => _stored is not null || _tail.Value - Volatile.Read(ref _head.Value) < _ring.Length;

    /// <summary>Buffers queued and not yet taken by the consumer.</summary>
    public int QueuedBuffers => (int)(Volatile.Read(ref _tail.Value) - Volatile.Read(ref _head.Value));

    /// <summary>Buffers queued in all <paramref name="channels"/> (pool usage of a gate).</summary>
    public static int QueuedBuffersOf(IInputChannel<T>[] channels)
    {
        var n = 0;
        foreach (var c in channels) n += c.QueuedBuffers;
        return n;
    }

    /// <summary>Buffer slots of all <paramref name="channels"/>.</summary>
    public static int CapacityOf(IInputChannel<T>[] channels)
    {
        var n = 0;
        foreach (var c in channels) n += c.Capacity;
        return n;
    }

    /// <summary>Buffers queued in all <paramref name="subpartitions"/> (pool usage of a writer).</summary>
    public static int QueuedBuffersOf(IResultSubpartition<T>[] subpartitions)
    {
        var n = 0;
        foreach (var c in subpartitions) n += c.QueuedBuffers;
        return n;
    }

    /// <summary>Buffer slots of all <paramref name="subpartitions"/>.</summary>
    public static int CapacityOf(IResultSubpartition<T>[] subpartitions)
    {
        var n = 0;
        foreach (var c in subpartitions) n += c.Capacity;
        return n;
    }

    /// <summary>Buffers offered so far: the sequence number the next offered buffer gets (producer thread).</summary>
    public long OfferedBuffers => _tail.Value;

    /// <summary>Buffers taken so far: the sequence number of the next buffer the consumer takes (consumer thread).</summary>
    public long ConsumedBuffers => _head.Value;

    /// <summary>
    /// Puts a barrier ahead of the queued buffers (Flink's priority event, never blocking): the consumer sees it before
    /// any data, and knows which buffers were sent before it.
    /// </summary>
    public void OfferPriority(PriorityBarrier<T> barrier)
    {
        _priority.Enqueue(barrier);
        Volatile.Read(ref _consumerSignal)?.Set();
    }

    /// <summary>Takes a priority barrier if one is waiting (consumer thread only).</summary>
    public bool TryPollPriority(out PriorityBarrier<T> barrier) => _priority.TryDequeue(out barrier!);

    /// <summary>Buffers offered so far, as the consumer sees them (consumer thread).</summary>
    public long OfferedBuffersSeenByConsumer => Volatile.Read(ref _tail.Value);

    /// <summary>A buffer still queued: <paramref name="sequence"/> between the consumed and the offered count (consumer thread only).</summary>
    public Buffer<T> PeekQueued(long sequence) => _ring[sequence % _ring.Length]!;

    public bool HasPriority => !_priority.IsEmpty;

    public Buffer<T> RequestBuffer() => _free.TryDequeue(out var b) ? b : new Buffer<T>(_recordsPerBuffer);

    /// <summary>Hands a buffer to the consumer, blocking while the channel is full. False if cancelled while waiting.</summary>
    public bool Offer(Buffer<T> buffer, CancellationToken cancellation, Metrics.TaskMetrics? metrics)
    {
        if (_stored is not null)
        {
            _stored.Add(buffer);
            Volatile.Write(ref _storedBytes, _storedBytes + buffer.SizeInBytes);
            return true;
        }
        var tail = _tail.Value;
        if (tail - Volatile.Read(ref _head.Value) >= _ring.Length)
        {
            metrics?.StartBackPressure();
            try
            {
                while (true)
                {
                    _space.Reset();
                    if (tail - Volatile.Read(ref _head.Value) < _ring.Length) break;
                    _space.Wait(cancellation);
                }
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            finally
            {
                metrics?.EndBackPressure();
            }
        }
        _ring[tail % _ring.Length] = buffer;
        Volatile.Write(ref _tail.Value, tail + 1);
        Volatile.Read(ref _consumerSignal)?.Set();
        return true;
    }

    /// <summary>Nothing is held back: a buffer offered is in the ring already.</summary>
    void IResultSubpartition<T>.Flush()
    {
    }

    /// <summary>Takes the next buffer if there is one (consumer thread only).</summary>
    public bool TryPoll(out Buffer<T> buffer)
    {
        var head = _head.Value;
        if (head == Volatile.Read(ref _tail.Value))
        {
            buffer = null!;
            return false;
        }
        var index = head % _ring.Length;
        buffer = _ring[index]!;
        _ring[index] = null;
        Volatile.Write(ref _head.Value, head + 1);
        // A producer blocked on a full ring is woken once half of it is free, not at every buffer taken: it then fills
        // several buffers per wake-up instead of one, so producer and consumer switch threads less often. The tail read
        // may be stale (smaller), which only wakes it earlier.
        if (Volatile.Read(ref _tail.Value) - (head + 1) <= _ring.Length / 2)
        {
            _space.Set();
            Volatile.Read(ref _producerSignal)?.Set();
        }
        return true;
    }

    public bool HasData => _head.Value != Volatile.Read(ref _tail.Value);

    /// <summary>The consumer is done with a buffer; the producer may reuse it.</summary>
    public void Recycle(Buffer<T> buffer)
    {
        if (_replay) return;
        buffer.Reset();
        _free.Enqueue(buffer);
    }
}
