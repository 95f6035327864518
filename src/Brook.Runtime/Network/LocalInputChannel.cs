using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Brook.Runtime.Network;

/// <summary>
/// One producer subtask → one consumer subtask, in process: a bounded single-producer/single-consumer ring
/// of buffers. When the ring is full the producer blocks (backpressure), so at most
/// capacity × records-per-buffer records are in flight per channel. Buffers go back to the producer
/// through a free list, so steady-state exchange allocates nothing.
/// </summary>
internal sealed class LocalInputChannel<T> : IInputChannel<T>, IResultSubpartition<T>
{
    private readonly Buffer<T>?[] _ring;
    private readonly int _recordsPerBuffer;
    private readonly ConcurrentQueue<Buffer<T>> _free = new();
    private readonly ManualResetEventSlim _space = new(true, spinCount: 20);
    private PaddedLong _head;
    private PaddedLong _tail;
    private InputSignal? _consumerSignal;

    public LocalInputChannel(int capacity, int recordsPerBuffer)
    {
        _ring = new Buffer<T>?[capacity];
        _recordsPerBuffer = recordsPerBuffer;
    }

    public int Capacity => _ring.Length;

    public int RecordsPerBuffer => _recordsPerBuffer;

    /// <summary>The consumer task's wake-up signal, set when the channel receives a buffer.</summary>
    public void BindConsumer(InputSignal signal) => Volatile.Write(ref _consumerSignal, signal);

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

    public Buffer<T> RequestBuffer() => _free.TryDequeue(out var b) ? b : new Buffer<T>(_recordsPerBuffer);

    /// <summary>Hands a buffer to the consumer, blocking while the channel is full. False if cancelled while waiting.</summary>
    public bool Offer(Buffer<T> buffer, CancellationToken cancellation, Metrics.TaskMetrics? metrics)
    {
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
        _space.Set();
        return true;
    }

    public bool HasData => _head.Value != Volatile.Read(ref _tail.Value);

    /// <summary>The consumer is done with a buffer; the producer may reuse it.</summary>
    public void Recycle(Buffer<T> buffer)
    {
        buffer.Reset();
        _free.Enqueue(buffer);
    }
}
