using System.Net;
using Brook.Runtime.Metrics;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// One TaskManager's data plane (Flink's NettyShuffleEnvironment): the server on its data port that serves the
/// subpartitions it produces for other TaskManagers, the one-connection-per-producer client side for the channels it
/// consumes from them, and the network buffers of both. Channels between tasks of the same TaskManager do not come here:
/// they stay in-process rings that pass records by reference.
/// </summary>
internal sealed class NettyShuffleEnvironment : IDisposable
{
    private readonly PartitionRequestServer _server;
    private readonly object _lock = new();
    private readonly Dictionary<ResultPartitionId, List<Action>> _produced = new();

    public NettyShuffleEnvironment(NettyShuffleEnvironmentConfiguration configuration, IPAddress bindAddress, int protocolVersion = NettyMessage.ProtocolVersion)
    {
        Configuration = configuration;
        BufferPool = new NetworkBufferPool(configuration.SegmentSize);
        PartitionManager = new ResultPartitionManager();
        _server = new PartitionRequestServer(new IPEndPoint(bindAddress, configuration.DataPort), PartitionManager, configuration.SegmentSize);
        ClientFactory = new PartitionRequestClientFactory(configuration.SegmentSize, configuration.ConnectTimeout, protocolVersion);
    }

    public NettyShuffleEnvironmentConfiguration Configuration { get; }

    /// <summary>The data address other TaskManagers connect to.</summary>
    public IPEndPoint DataAddress => _server.Address;

    public NetworkBufferPool BufferPool { get; }

    public ResultPartitionManager PartitionManager { get; }

    public PartitionRequestClientFactory ClientFactory { get; }

    /// <summary>Connections from consumer TaskManagers currently served.</summary>
    public int ServedConnectionCount => _server.ConnectionCount;

    /// <summary>A subpartition of <paramref name="partition"/> that a remote consumer will request; the record writer writes into it.</summary>
    public PipelinedSubpartition<T> CreateSubpartition<T>(ResultPartitionId partition, int subpartitionIndex)
    {
        var s = new PipelinedSubpartition<T>(BufferPool, Configuration.MaxBuffersPerChannel, Configuration.RecordsPerBuffer);
        lock (_lock)
        {
            if (!_produced.TryGetValue(partition, out var list)) _produced[partition] = list = [];
            list.Add(s.Release);
        }
        PartitionManager.Register(partition, subpartitionIndex, s);
        return s;
    }

    /// <summary>Releases a produced partition (its task ended or failed): queued data is dropped, blocked writers return.</summary>
    public void ReleasePartition(ResultPartitionId partition)
    {
        List<Action>? list;
        lock (_lock) _produced.Remove(partition, out list);
        PartitionManager.Unregister(partition);
        foreach (var release in list ?? []) release();
    }

    /// <summary>A gate's floating buffers (`floating-buffers-per-gate`), shared by its remote channels.</summary>
    public FloatingBufferPool CreateFloatingBufferPool() => new(BufferPool, Configuration.FloatingBuffersPerGate);

    /// <summary>A channel reading subpartition <paramref name="subpartitionIndex"/> of <paramref name="partition"/> from the TaskManager at <paramref name="producer"/>.</summary>
    public RemoteInputChannel<T> CreateRemoteInputChannel<T>(IPEndPoint producer, ResultPartitionId partition, int subpartitionIndex,
        FloatingBufferPool gateBuffers, TaskMetrics? metrics = null) =>
        new(producer, partition, subpartitionIndex, BufferPool, gateBuffers, Configuration.BuffersPerChannel, Configuration.RecordsPerBuffer, metrics);

    public void Dispose()
    {
        ClientFactory.Dispose();
        _server.Dispose();
        List<Action> all;
        lock (_lock)
        {
            all = _produced.Values.SelectMany(l => l).ToList();
            _produced.Clear();
        }
        foreach (var release in all) release();
    }
}
