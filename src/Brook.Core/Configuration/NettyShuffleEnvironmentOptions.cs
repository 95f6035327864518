namespace Brook.Core.Configuration;

/// <summary>
/// The data plane between TaskManagers (Flink's NettyShuffleEnvironmentOptions, same keys and defaults). The exclusive
/// buffers per remote channel are `taskmanager.network.memory.buffers-per-channel` (JobMasterOptions.BuffersPerChannel),
/// which also sizes the in-process rings.
/// </summary>
public static class NettyShuffleEnvironmentOptions
{
    public static readonly ConfigOption<int> DataPort = new("taskmanager.data.port", 0, ConfigParsers.Port,
        "The TaskManager's data port for the network exchange with other TaskManagers (0: an ephemeral port).");

    public static readonly ConfigOption<int> FloatingBuffersPerGate = new("taskmanager.network.memory.floating-buffers-per-gate", 8, NonNegativeInt,
        "Floating network buffers per input gate, shared by its remote channels to receive a producer's backlog beyond their exclusive buffers.");

    public static readonly ConfigOption<int> MaxBuffersPerChannel = new("taskmanager.network.memory.max-buffers-per-channel", 10, ConfigParsers.PositiveInt,
        "Network buffers a subpartition served to a remote consumer may hold; a producer that fills them blocks (backpressure).");

    public static readonly ConfigOption<long> SegmentSize = new("taskmanager.memory.segment-size", 32 * 1024, SegmentBytes,
        "The size of a network buffer: records are serialized into buffers of this size and cross the network one buffer per message.",
        ConfigParsers.FormatMemorySize);

    public static readonly ConfigOption<TimeSpan> RequestBackoffInitial = new("taskmanager.network.request-backoff.initial", TimeSpan.FromMilliseconds(100),
        PositiveDuration, "The first wait before a consumer asks again for a producer's subpartition that is not registered yet; it doubles on every try.",
        ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> RequestBackoffMax = new("taskmanager.network.request-backoff.max", TimeSpan.FromSeconds(10),
        PositiveDuration, "The longest wait between requests for a subpartition not registered; a request still not found after it fails the task " +
        "with PartitionNotFoundException.", ConfigParsers.FormatDuration);

    /// <summary>Brook's own: the in-process cluster's TaskManagers each get a data plane on 127.0.0.1, as separate processes would.</summary>
    public static readonly ConfigOption<bool> MiniClusterTcpExchange = new("minicluster.network.tcp-exchange", false, ConfigParsers.Bool,
        "Whether the TaskManagers of an in-process cluster (brook cluster, MiniCluster) exchange records over TCP on 127.0.0.1, each with its own data port, " +
        "instead of in-memory channels: the data plane of a distributed cluster, in one process.");

    public static readonly IReadOnlyList<IConfigOption> All = [DataPort, FloatingBuffersPerGate, MaxBuffersPerChannel, SegmentSize, MiniClusterTcpExchange,
        RequestBackoffInitial, RequestBackoffMax];

    private static int NonNegativeInt(string s)
    {
        var n = ConfigParsers.Int(s);
        return n >= 0 ? n : throw new FormatException("must not be negative");
    }

    private static TimeSpan PositiveDuration(string s)
    {
        var d = ConfigParsers.Duration(s);
        return d > TimeSpan.Zero ? d : throw new FormatException("must be positive");
    }

    private static long SegmentBytes(string s)
    {
        var n = ConfigParsers.MemorySize(s);
        // A buffer must hold a record's header, and one message must stay far below what a peer accepts.
        return n is >= 256 and <= 16 * 1024 * 1024 ? n : throw new FormatException("must be between 256 bytes and 16 mb");
    }
}
