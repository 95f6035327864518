using System.Collections.Concurrent;
using System.Net;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network.Serialization;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// An input channel whose producer runs in another TaskManager (Flink's RemoteInputChannel with its BufferManager).
/// It owns `buffers-per-channel` exclusive network buffers and borrows floating buffers from its gate when the
/// producer announces a backlog; every free buffer is one credit the producer may use, so the producer never sends more
/// than the channel can hold. The task thread deserializes the received buffers into the same buffers and events a
/// <see cref="LocalInputChannel{T}"/> hands out; each network buffer it finishes goes back as new credit.
/// </summary>
internal sealed class RemoteInputChannel<T> : IInputChannel<T>, IRemoteInputChannel, IBufferListener
{
    private readonly object _lock = new();
    private readonly NetworkBufferPool _pool;
    private readonly FloatingBufferPool _floating;
    private readonly Stack<NetworkBuffer> _exclusiveFree = new();
    private readonly Stack<NetworkBuffer> _floatingFree = new();
    private readonly ConcurrentQueue<NetworkBuffer> _received = new();
    private readonly SpillingAdaptiveSpanningRecordDeserializer<T> _deserializer = new(TypeSerializers.For<T>());
    private readonly Stack<Buffer<T>> _free = new();
    private readonly int _recordsPerBuffer;
    private readonly TaskMetrics? _metrics;
    private int _required;
    private int _unannouncedCredit;
    private int _floatingHeld;
    private bool _waitingForFloating;
    private bool _released;
    private int _expectedSequenceNumber;
    private NetworkBuffer? _current;
    private int _position;
    private Exception? _error;
    private InputSignal? _signal;
    private PartitionRequestClient? _client;

    public RemoteInputChannel(IPEndPoint producerAddress, ResultPartitionId partitionId, int subpartitionIndex, NetworkBufferPool pool,
        FloatingBufferPool floating, int exclusiveBuffers, int recordsPerBuffer, TaskMetrics? metrics = null)
    {
        ProducerAddress = producerAddress;
        PartitionId = partitionId;
        SubpartitionIndex = subpartitionIndex;
        _pool = pool;
        _floating = floating;
        _recordsPerBuffer = recordsPerBuffer;
        _metrics = metrics;
        InitialCredit = exclusiveBuffers;
        _required = exclusiveBuffers;
        for (var i = 0; i < exclusiveBuffers; i++) _exclusiveFree.Push(pool.Request());
    }

    public InputChannelId Id { get; } = InputChannelId.Generate();

    public IPEndPoint ProducerAddress { get; }

    public ResultPartitionId PartitionId { get; }

    public int SubpartitionIndex { get; }

    public int InitialCredit { get; }

    /// <summary>The first wait before asking again for a subpartition the producer has not registered (taskmanager.network.request-backoff.initial).</summary>
    public TimeSpan RequestBackoffInitial { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait; not found after it, the channel fails (taskmanager.network.request-backoff.max).</summary>
    public TimeSpan RequestBackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    private TimeSpan _currentBackoff;
    private Timer? _retrigger;

    /// <summary>The wait before the current retriggered request (0 before any "not found"; negative once the backoff ran out).</summary>
    internal TimeSpan CurrentBackoff
    {
        get
        {
            lock (_lock) return _currentBackoff;
        }
    }

    /// <summary>The longest wait this channel went through before giving up or being served.</summary>
    internal TimeSpan LastBackoff { get; private set; }

    /// <summary>
    /// Flink's retriggerSubpartitionRequest: the wait starts at the initial backoff and doubles up to the maximum; a request
    /// not found after waiting the maximum fails the channel with <see cref="PartitionNotFoundException"/>.
    /// </summary>
    public void OnPartitionNotFound(PartitionRequestClient client)
    {
        TimeSpan wait;
        lock (_lock)
        {
            if (_released) return;
            if (_currentBackoff == TimeSpan.Zero) _currentBackoff = RequestBackoffInitial;
            else if (_currentBackoff < RequestBackoffMax) _currentBackoff = TimeSpan.FromTicks(Math.Min(_currentBackoff.Ticks * 2, RequestBackoffMax.Ticks));
            else _currentBackoff = TimeSpan.MinValue;
            wait = _currentBackoff;
            if (wait > TimeSpan.Zero)
            {
                LastBackoff = wait;
                _retrigger?.Dispose();
                _retrigger = new Timer(_ => Retrigger(client), null, wait, Timeout.InfiniteTimeSpan);
            }
        }
        if (wait < TimeSpan.Zero) OnError(new PartitionNotFoundException(PartitionId));
    }

    private void Retrigger(PartitionRequestClient client)
    {
        lock (_lock)
        {
            if (_released) return;
        }
        client.RequestSubpartition(this);
    }

    /// <summary>Connects (or shares the connection) to the producer's TaskManager and requests the subpartition; a failure becomes the channel's error.</summary>
    public async Task RequestSubpartitionAsync(PartitionRequestClientFactory clients)
    {
        try
        {
            var client = await clients.CreateClientAsync(ProducerAddress).ConfigureAwait(false);
            Volatile.Write(ref _client, client);
            client.RequestSubpartition(this);
        }
        catch (Exception e)
        {
            OnError(e);
        }
    }

    public void BindConsumer(InputSignal signal)
    {
        Volatile.Write(ref _signal, signal);
        if (HasData) signal.Set();
    }

    public bool HasData => Volatile.Read(ref _error) is not null || _current is not null || !_received.IsEmpty;

    public int QueuedBuffers => _received.Count;

    public int Capacity => InitialCredit + Volatile.Read(ref _floatingHeld);

    public bool TryPoll(out Buffer<T> buffer)
    {
        if (Volatile.Read(ref _error) is { } error)
            throw error is PartitionNotFoundException ? new PartitionNotFoundException(PartitionId, error) : new RemoteTransportException(error.Message, error);
        try
        {
            while (true)
            {
                if (_current is null)
                {
                    if (!_received.TryDequeue(out var next))
                    {
                        buffer = null!;
                        return false;
                    }
                    if (_metrics is not null) _metrics.NumBytesIn += next.Size;
                    if (next.DataType == NetworkBufferDataType.EventBuffer)
                    {
                        if (_deserializer.HasPartialRecord) throw new InvalidDataException("An event arrived inside a record that spans buffers: the stream is corrupt.");
                        var e = Rent();
                        EventSerializer.Deserialize(next.Segment.AsSpan(0, next.Size), e);
                        RecycleNetworkBuffer(next);
                        buffer = e;
                        return true;
                    }
                    _current = next;
                    _position = 0;
                }
                var b = Rent();
                var records = b.Records;
                var current = _current;
                while (b.Count < records.Length && _deserializer.TryNext(current, ref _position, out var record, out var keyGroup))
                {
                    if (keyGroup >= 0) (b.KeyGroups ??= new int[records.Length])[b.Count] = keyGroup;
                    else b.KeyGroups = null;
                    records[b.Count++] = record;
                }
                if (_position >= current.Size)
                {
                    _current = null;
                    RecycleNetworkBuffer(current);
                }
                if (b.Count > 0)
                {
                    buffer = b;
                    return true;
                }
                _free.Push(b);
            }
        }
        catch (InvalidDataException e)
        {
            var failure = new RemoteTransportException($"Corrupt data from TaskManager '{ProducerAddress}' on channel {Id}: {e.Message}", e);
            OnError(failure);
            throw failure;
        }
    }

    private Buffer<T> Rent() => _free.TryPop(out var b) ? b : new Buffer<T>(_recordsPerBuffer);

    public void Recycle(Buffer<T> buffer)
    {
        buffer.Reset();
        _free.Push(buffer);
    }

    public NetworkBuffer? RequestReceiveBuffer()
    {
        lock (_lock)
        {
            // Floating buffers first, as Flink's AvailableBufferQueue, so they go back to the gate sooner.
            if (_floatingFree.TryPop(out var b)) return b;
            return _exclusiveFree.TryPop(out b) ? b : null;
        }
    }

    public void OnBuffer(NetworkBuffer buffer, int sequenceNumber, int backlog)
    {
        if (sequenceNumber != _expectedSequenceNumber)
        {
            RecycleNetworkBuffer(buffer);
            OnError(new RemoteTransportException($"Buffer {sequenceNumber} arrived on channel {Id} where {_expectedSequenceNumber} was expected: data was lost or duplicated."));
            return;
        }
        _expectedSequenceNumber++;
        bool enqueued;
        lock (_lock)
        {
            // Under the lock, so a buffer arriving while the channel closes is either drained by Close or given back here.
            enqueued = !_released;
            if (enqueued) _received.Enqueue(buffer);
        }
        if (!enqueued)
        {
            RecycleNetworkBuffer(buffer);
            return;
        }
        OnSenderBacklog(backlog);
        Volatile.Read(ref _signal)?.Set();
    }

    private int Available => _exclusiveFree.Count + _floatingFree.Count;

    /// <summary>Asks the gate for floating buffers until the channel can take the announced backlog plus its initial credit.</summary>
    private void OnSenderBacklog(int backlog)
    {
        bool notify;
        lock (_lock)
        {
            if (_released) return;
            _required = backlog + InitialCredit;
            notify = RequestFloatingLocked();
        }
        if (notify) Volatile.Read(ref _client)?.NotifyCreditAvailable(this);
    }

    private bool RequestFloatingLocked()
    {
        var added = 0;
        while (!_waitingForFloating && Available < _required)
        {
            var b = _floating.RequestOrWait(this);
            if (b is null)
            {
                _waitingForFloating = true;
                break;
            }
            _floatingFree.Push(b);
            _floatingHeld++;
            added++;
        }
        return AddCreditLocked(added);
    }

    /// <summary>True when the credit was 0 before: the connection must be told to announce it.</summary>
    private bool AddCreditLocked(int credit)
    {
        if (credit == 0) return false;
        var before = _unannouncedCredit;
        _unannouncedCredit += credit;
        return before == 0;
    }

    public bool NotifyBufferAvailable(NetworkBuffer buffer)
    {
        bool notify;
        lock (_lock)
        {
            _waitingForFloating = false;
            if (_released || Available >= _required) return false;
            _floatingFree.Push(buffer);
            _floatingHeld++;
            notify = AddCreditLocked(1);
            notify |= RequestFloatingLocked();
        }
        if (notify) Volatile.Read(ref _client)?.NotifyCreditAvailable(this);
        return true;
    }

    /// <summary>The task read a network buffer: it becomes credit again, or a floating buffer the channel no longer needs goes back to the gate.</summary>
    private void RecycleNetworkBuffer(NetworkBuffer buffer)
    {
        NetworkBuffer? toGate = null;
        var notify = false;
        lock (_lock)
        {
            if (_released)
            {
                if (buffer.IsFloating)
                {
                    _floatingHeld--;
                    toGate = buffer;
                }
                else
                {
                    _pool.Recycle(buffer);
                }
            }
            else if (!buffer.IsFloating)
            {
                // An exclusive buffer replaces a spare floating one rather than adding credit beyond what is required.
                if (Available >= _required && _floatingFree.TryPop(out var spare))
                {
                    _floatingHeld--;
                    toGate = spare;
                    _exclusiveFree.Push(buffer);
                }
                else
                {
                    _exclusiveFree.Push(buffer);
                    notify = AddCreditLocked(1);
                }
            }
            else if (Available < _required)
            {
                _floatingFree.Push(buffer);
                notify = AddCreditLocked(1);
            }
            else
            {
                _floatingHeld--;
                toGate = buffer;
            }
        }
        if (toGate is not null) _floating.Recycle(toGate);
        if (notify) Volatile.Read(ref _client)?.NotifyCreditAvailable(this);
    }

    public int GetAndResetUnannouncedCredit()
    {
        lock (_lock)
        {
            var c = _unannouncedCredit;
            _unannouncedCredit = 0;
            return c;
        }
    }

    public void OnError(Exception cause)
    {
        Interlocked.CompareExchange(ref _error, cause, null);
        Volatile.Read(ref _signal)?.Set();
    }

    /// <summary>The consumer is done (task thread): cancels the request and returns every buffer.</summary>
    public void Close()
    {
        // Cancelled first, so the connection drops further buffers for this channel instead of finding it without credit.
        Volatile.Read(ref _client)?.CancelRequest(Id);
        var floating = new List<NetworkBuffer>();
        lock (_lock)
        {
            if (_released) return;
            _released = true;
            _retrigger?.Dispose();
            while (_exclusiveFree.TryPop(out var b)) _pool.Recycle(b);
            while (_floatingFree.TryPop(out var b)) floating.Add(b);
            _floatingHeld -= floating.Count;
        }
        foreach (var b in floating) _floating.Recycle(b);
        if (_current is { } c)
        {
            _current = null;
            RecycleNetworkBuffer(c);
        }
        while (_received.TryDequeue(out var b)) RecycleNetworkBuffer(b);
    }
}
