using System.Collections.Concurrent;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The segments of one network environment (Flink's NetworkBufferPool). It allocates on demand and keeps every returned
/// segment; what bounds memory is who may hold them: a subpartition at most max-buffers-per-channel, a remote channel its
/// exclusive buffers, a gate its floating buffers. <see cref="AllocatedBuffers"/> shows the bound holds.
/// </summary>
internal sealed class NetworkBufferPool(int segmentSize)
{
    private readonly ConcurrentStack<NetworkBuffer> _free = new();
    private int _allocated;

    public int SegmentSize => segmentSize;

    /// <summary>Segments ever allocated: the high-water mark of the environment's network memory, in buffers.</summary>
    public int AllocatedBuffers => Volatile.Read(ref _allocated);

    public NetworkBuffer Request()
    {
        if (_free.TryPop(out var b)) return b;
        Interlocked.Increment(ref _allocated);
        return new NetworkBuffer(new byte[segmentSize]);
    }

    public void Recycle(NetworkBuffer buffer)
    {
        buffer.Size = 0;
        buffer.DataType = NetworkBufferDataType.DataBuffer;
        buffer.IsFloating = false;
        _free.Push(buffer);
    }
}
