using System.Net;
using System.Net.Sockets;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// Listens on the TaskManager's data port (`taskmanager.data.port`) and serves each consumer TaskManager's connection
/// (Flink's NettyServer with the PartitionRequestProtocol).
/// </summary>
internal sealed class PartitionRequestServer : IDisposable
{
    private readonly Socket _listener;
    private readonly ResultPartitionManager _partitions;
    private readonly int _segmentSize;
    private readonly object _lock = new();
    private readonly HashSet<PartitionRequestServerConnection> _connections = new();
    private bool _disposed;

    public PartitionRequestServer(IPEndPoint bindAddress, ResultPartitionManager partitions, int segmentSize)
    {
        _partitions = partitions;
        _segmentSize = segmentSize;
        _listener = new Socket(bindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(bindAddress);
        _listener.Listen(128);
        Address = (IPEndPoint)_listener.LocalEndPoint!;
        _ = AcceptLoopAsync();
    }

    /// <summary>The bound address and port (the actual port when the configured one is 0).</summary>
    public IPEndPoint Address { get; }

    public int ConnectionCount
    {
        get
        {
            lock (_lock) return _connections.Count;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                lock (_lock)
                {
                    if (_disposed) return;
                }
                continue;
            }
            lock (_lock)
            {
                if (_disposed)
                {
                    socket.Dispose();
                    return;
                }
            }
            var connection = new PartitionRequestServerConnection(socket, _partitions, _segmentSize, Forget);
            lock (_lock)
            {
                if (!connection.IsClosed) _connections.Add(connection);
            }
        }
    }

    private void Forget(PartitionRequestServerConnection connection)
    {
        lock (_lock) _connections.Remove(connection);
    }

    public void Dispose()
    {
        List<PartitionRequestServerConnection> open;
        lock (_lock)
        {
            _disposed = true;
            open = _connections.ToList();
        }
        _listener.Dispose();
        foreach (var c in open) c.Dispose();
    }
}
