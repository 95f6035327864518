namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The floating buffers of one input gate (Flink's LocalBufferPool of a SingleInputGate, sized by
/// `taskmanager.network.memory.floating-buffers-per-gate`): lent to the gate's remote channels whose producers announce
/// a backlog beyond their exclusive buffers. A channel that finds none waits in line and is offered the next one recycled.
/// </summary>
internal sealed class FloatingBufferPool
{
    private readonly object _lock = new();
    private readonly Stack<NetworkBuffer> _free = new();
    private readonly Queue<IBufferListener> _waiting = new();

    public FloatingBufferPool(NetworkBufferPool pool, int buffers)
    {
        Size = buffers;
        for (var i = 0; i < buffers; i++) _free.Push(pool.Request());
    }

    public int Size { get; }

    public int Available
    {
        get
        {
            lock (_lock) return _free.Count;
        }
    }

    /// <summary>A floating buffer, or null after registering <paramref name="listener"/> for the next one recycled.</summary>
    public NetworkBuffer? RequestOrWait(IBufferListener listener)
    {
        lock (_lock)
        {
            if (_free.TryPop(out var b))
            {
                b.IsFloating = true;
                return b;
            }
            if (!_waiting.Contains(listener)) _waiting.Enqueue(listener);
            return null;
        }
    }

    /// <summary>Takes a floating buffer back, handing it to the first waiting channel that still needs one.</summary>
    public void Recycle(NetworkBuffer buffer)
    {
        buffer.Size = 0;
        buffer.IsFloating = true;
        while (true)
        {
            IBufferListener listener;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _free.Push(buffer);
                    return;
                }
                listener = _waiting.Dequeue();
            }
            // Offered outside the lock: the channel takes its own lock, and it requests from this pool under that lock.
            if (listener.NotifyBufferAvailable(buffer)) return;
        }
    }

    /// <summary>The gate's task ended and its channels are closed: the floating buffers go back to the environment's pool.</summary>
    public void ReleaseTo(NetworkBufferPool pool)
    {
        lock (_lock)
        {
            _waiting.Clear();
            while (_free.TryPop(out var b)) pool.Recycle(b);
        }
    }
}
