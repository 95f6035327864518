using System.Collections.Concurrent;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network.Serialization;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// One subpartition of a producer's result served to a consumer in another TaskManager (Flink's PipelinedSubpartition).
/// The record writer hands it buffers of records as it would an in-process channel; it serializes them on the producing
/// task thread into network buffers and queues each when it is full or when the writer flushes (buffer timeout, events). At most max-buffers-per-channel buffers are
/// queued or on their way; a producer that would exceed that blocks (backpressure), so a slow consumer holds the
/// producer's memory flat.
/// </summary>
internal sealed class PipelinedSubpartition<T> : IResultSubpartition<T>, IResultSubpartitionView, INetworkBufferSink
{
    private readonly NetworkBufferPool _pool;
    private readonly int _maxBuffers;
    private readonly int _recordsPerBuffer;
    private readonly SpanningRecordSerializer<T> _serializer;
    private readonly ConcurrentQueue<NetworkBuffer> _queue = new();
    private readonly ManualResetEventSlim _space = new(true, spinCount: 20);
    private readonly Stack<Buffer<T>> _free = new();
    private Action? _listener;
    private int _held;
    private volatile bool _released;
    private CancellationToken _cancellation;
    private TaskMetrics? _metrics;

    public PipelinedSubpartition(NetworkBufferPool pool, int maxBuffers, int recordsPerBuffer)
    {
        _pool = pool;
        _maxBuffers = maxBuffers;
        _recordsPerBuffer = recordsPerBuffer;
        _serializer = new SpanningRecordSerializer<T>(TypeSerializers.For<T>(), this);
    }

    public int QueuedBuffers => _queue.Count;

    /// <summary>Called once when the subpartition is released (consumed, its consumer left, or its producer's partition released).</summary>
    public Action? Released { get; set; }

    private int _releaseNotified;

    public int Capacity => _maxBuffers;

    public bool HasSpace => Volatile.Read(ref _held) < _maxBuffers || _released;

    private InputSignal? _producerSignal;

    public void BindProducer(InputSignal signal) => Volatile.Write(ref _producerSignal, signal);

    public Buffer<T> RequestBuffer() => _free.TryPop(out var b) ? b : new Buffer<T>(_recordsPerBuffer);

    public bool Offer(Buffer<T> buffer, CancellationToken cancellation, TaskMetrics? metrics)
    {
        _cancellation = cancellation;
        _metrics = metrics;
        try
        {
            var before = _serializer.BytesWritten;
            if (buffer.Kind == BufferKind.Data)
            {
                var n = buffer.Count;
                if (buffer.ValuesOnly)
                {
                    // Values without timestamps are serialized as the records they stand for (the wire format is unchanged).
                    for (var i = 0; i < n; i++) _serializer.Write(buffer.RecordAt(i), buffer.KeyGroups?[i] ?? -1);
                }
                else if (buffer.KeyGroups is { } keyGroups)
                {
                    var records = buffer.Records;
                    for (var i = 0; i < n; i++) _serializer.Write(records[i], keyGroups[i]);
                }
                else
                {
                    var records = buffer.Records;
                    for (var i = 0; i < n; i++) _serializer.Write(records[i], -1);
                }
            }
            else
            {
                _serializer.Flush();
                var e = _pool.Request();
                EventSerializer.Serialize(buffer, e);
                // Event buffers count as the consumer counts every buffer it receives, so bytes out equal bytes in.
                if (metrics is not null) metrics.NumBytesOut += e.Size;
                Add(e);
            }
            if (metrics is not null) metrics.NumBytesOut += _serializer.BytesWritten - before;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            buffer.Reset();
            _free.Push(buffer);
        }
    }

    /// <summary>Sends the partly written network buffer (the record writer's flush); full ones went out as they filled.</summary>
    public void Flush() => _serializer.Flush();

    NetworkBuffer INetworkBufferSink.RequestBuffer() => _pool.Request();

    /// <summary>Queues a written buffer, waiting while the subpartition holds its maximum.</summary>
    public void Add(NetworkBuffer buffer)
    {
        if (Volatile.Read(ref _held) >= _maxBuffers && !_released)
        {
            _metrics?.StartBackPressure();
            try
            {
                while (true)
                {
                    _space.Reset();
                    if (Volatile.Read(ref _held) < _maxBuffers || _released) break;
                    _space.Wait(_cancellation);
                }
            }
            catch (OperationCanceledException)
            {
                _pool.Recycle(buffer);
                throw;
            }
            finally
            {
                _metrics?.EndBackPressure();
            }
        }
        if (_released)
        {
            // Flink's PipelinedSubpartition drops what is added after release: nobody will read it.
            _pool.Recycle(buffer);
            return;
        }
        Interlocked.Increment(ref _held);
        _queue.Enqueue(buffer);
        Volatile.Read(ref _listener)?.Invoke();
    }

    public bool TryAttach(Action onBufferAvailable) => !_released && Interlocked.CompareExchange(ref _listener, onBufferAvailable, null) is null;

    public bool TryPoll(out NetworkBuffer buffer, out int backlog)
    {
        if (_queue.TryDequeue(out buffer!))
        {
            backlog = _queue.Count;
            return true;
        }
        backlog = 0;
        return false;
    }

    public bool IsAvailable => !_queue.IsEmpty;

    public void RecycleSent(NetworkBuffer buffer)
    {
        _pool.Recycle(buffer);
        Interlocked.Decrement(ref _held);
        _space.Set();
        Volatile.Read(ref _producerSignal)?.Set();
    }

    /// <summary>
    /// The consumer left (cancelled or its connection lost): as Flink releases a pipelined subpartition once consumed, its
    /// data is dropped, the producer's further writes too, and it cannot be requested again (a consumer that resumed
    /// mid-stream could not even find the next record's start).
    /// </summary>
    public void ReleaseView() => Release();

    /// <summary>The partition is released (its task ended or was cancelled, or its consumer left): queued data is dropped and a blocked producer returns.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _releaseNotified, 1) == 0) Released?.Invoke();
        _released = true;
        Volatile.Write(ref _listener, null);
        while (_queue.TryDequeue(out var b)) RecycleSent(b);
        _space.Set();
        Volatile.Read(ref _producerSignal)?.Set();
    }
}
