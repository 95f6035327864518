using System.Net;
using Brook.Runtime.Metrics;

namespace Brook.Runtime.Network.Remote;

/// <summary>
/// One TaskManager's data plane (Flink's NettyShuffleEnvironment): the server on its data port that serves the
/// subpartitions it produces for other TaskManagers, the one-connection-per-producer client side for the channels it
/// consumes from them, and the network buffers of both. Channels between tasks of the same TaskManager do not come here:
/// they stay in-process rings that pass records by reference (<see cref="LocalChannels"/>).
/// </summary>
public sealed class NettyShuffleEnvironment : IDisposable
{
    private readonly PartitionRequestServer _server;
    private readonly object _lock = new();
    private readonly Dictionary<ResultPartitionId, List<Action>> _produced = new();

    internal NettyShuffleEnvironment(NettyShuffleEnvironmentConfiguration configuration, IPAddress bindAddress, int protocolVersion = NettyMessage.ProtocolVersion)
    {
        Configuration = configuration;
        BufferPool = new NetworkBufferPool(configuration.SegmentSize);
        PartitionManager = new ResultPartitionManager();
        LocalChannels = new LocalChannelRegistry(new LocalChannelSizing(configuration.BuffersPerChannel, configuration.FloatingBuffersPerGate, configuration.MaxBuffersPerChannel, configuration.RecordsPerBuffer, configuration.SegmentSize));
        _server = new PartitionRequestServer(new IPEndPoint(bindAddress, configuration.DataPort), PartitionManager, configuration.SegmentSize);
        ClientFactory = new PartitionRequestClientFactory(configuration.SegmentSize, configuration.ConnectTimeout, protocolVersion);
    }

    /// <summary>A TaskManager's data plane as its configuration says (taskmanager.data.port, buffers), listening on <paramref name="bindAddress"/>.</summary>
    /// <param name="dataPort">Overrides taskmanager.data.port (0: an ephemeral port, as each TaskManager of an in-process cluster takes).</param>
    public static NettyShuffleEnvironment Create(Core.Configuration.Configuration configuration, IPAddress bindAddress, int? dataPort = null)
    {
        var c = NettyShuffleEnvironmentConfiguration.From(configuration);
        return new(dataPort is { } port ? c with { DataPort = port } : c, bindAddress);
    }

    internal NettyShuffleEnvironmentConfiguration Configuration { get; }

    /// <summary>The data address other TaskManagers connect to.</summary>
    public IPEndPoint DataAddress => _server.Address;

    internal NetworkBufferPool BufferPool { get; }

    internal ResultPartitionManager PartitionManager { get; }

    internal PartitionRequestClientFactory ClientFactory { get; }

    /// <summary>The in-memory channels between producers and consumers that both run in this TaskManager.</summary>
    internal LocalChannelRegistry LocalChannels { get; }

    /// <summary>Subpartitions registered for remote consumers and not released yet (what a finished job must leave at 0).</summary>
    public int RegisteredSubpartitions => PartitionManager.RegisteredCount;

    /// <summary>Raised after a subpartition served to remote consumers was released and unregistered.</summary>
    public event Action? SubpartitionReleased;

    /// <summary>Connections from consumer TaskManagers currently served.</summary>
    public int ServedConnectionCount => _server.ConnectionCount;

    /// <summary>A subpartition of <paramref name="partition"/> that a remote consumer will request; the record writer writes into it.</summary>
    internal PipelinedSubpartition<T> CreateSubpartition<T>(ResultPartitionId partition, int subpartitionIndex)
    {
        var s = new PipelinedSubpartition<T>(BufferPool, Configuration.MaxBuffersPerChannel, Configuration.RecordsPerBuffer);
        // Released once consumed (or its consumer left), as Flink's pipelined subpartitions: the manager forgets it then.
        Action release = s.Release;
        s.Released = () =>
        {
            PartitionManager.Unregister(partition, subpartitionIndex);
            lock (_lock)
            {
                if (_produced.TryGetValue(partition, out var produced) && produced.Remove(release) && produced.Count == 0) _produced.Remove(partition);
            }
            SubpartitionReleased?.Invoke();
        };
        lock (_lock)
        {
            if (!_produced.TryGetValue(partition, out var list)) _produced[partition] = list = [];
            list.Add(release);
        }
        PartitionManager.Register(partition, subpartitionIndex, s);
        return s;
    }

    /// <summary>Releases a produced partition (its task ended or failed): queued data is dropped, blocked writers return.</summary>
    internal void ReleasePartition(ResultPartitionId partition)
    {
        List<Action>? list;
        lock (_lock) _produced.Remove(partition, out list);
        PartitionManager.Unregister(partition);
        foreach (var release in list ?? []) release();
    }

    /// <summary>A gate's floating buffers (`floating-buffers-per-gate`), shared by its remote channels.</summary>
    internal FloatingBufferPool CreateFloatingBufferPool() => new(BufferPool, Configuration.FloatingBuffersPerGate);

    /// <summary>A channel reading subpartition <paramref name="subpartitionIndex"/> of <paramref name="partition"/> from the TaskManager at <paramref name="producer"/>.</summary>
    internal RemoteInputChannel<T> CreateRemoteInputChannel<T>(IPEndPoint producer, ResultPartitionId partition, int subpartitionIndex,
        FloatingBufferPool gateBuffers, TaskMetrics? metrics = null) =>
        new(producer, partition, subpartitionIndex, BufferPool, gateBuffers, Configuration.BuffersPerChannel, Configuration.RecordsPerBuffer, metrics)
        {
            RequestBackoffInitial = Configuration.RequestBackoffInitial,
            RequestBackoffMax = Configuration.RequestBackoffMax,
        };

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
