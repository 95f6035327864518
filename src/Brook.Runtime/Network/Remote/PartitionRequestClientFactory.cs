using System.Net;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// One connection per producer TaskManager, shared by all channels of all tasks of this TaskManager that read from it
/// (Flink's PartitionRequestClientFactory). A closed connection is forgotten, so the next request connects anew.
/// </summary>
internal sealed class PartitionRequestClientFactory(int segmentSize, TimeSpan connectTimeout, int protocolVersion = NettyMessage.ProtocolVersion) : IDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<IPEndPoint, Task<PartitionRequestClient>> _clients = new();
    private bool _disposed;

    public Task<PartitionRequestClient> CreateClientAsync(IPEndPoint producer)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_clients.TryGetValue(producer, out var existing) && !existing.IsFaulted && !existing.IsCanceled
                && !(existing.IsCompletedSuccessfully && existing.Result.IsClosed))
                return existing;
            var connecting = PartitionRequestClient.ConnectAsync(producer, segmentSize, connectTimeout, Forget, protocolVersion);
            _clients[producer] = connecting;
            return connecting;
        }
    }

    /// <summary>Open connections (one per producer TaskManager).</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock) return _clients.Values.Count(t => t.IsCompletedSuccessfully && !t.Result.IsClosed);
        }
    }

    private void Forget(PartitionRequestClient client)
    {
        lock (_lock)
        {
            foreach (var (address, task) in _clients.ToList())
            {
                if (task.IsCompletedSuccessfully && ReferenceEquals(task.Result, client)) _clients.Remove(address);
            }
        }
    }

    public void Dispose()
    {
        List<Task<PartitionRequestClient>> all;
        lock (_lock)
        {
            _disposed = true;
            all = _clients.Values.ToList();
            _clients.Clear();
        }
        foreach (var t in all)
        {
            if (t.IsCompletedSuccessfully) t.Result.CloseGracefully();
        }
    }
}
