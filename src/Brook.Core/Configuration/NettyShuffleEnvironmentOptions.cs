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

    public static readonly IReadOnlyList<IConfigOption> All = [DataPort, FloatingBuffersPerGate, MaxBuffersPerChannel, SegmentSize];

    private static int NonNegativeInt(string s)
    {
        var n = ConfigParsers.Int(s);
        return n >= 0 ? n : throw new FormatException("must not be negative");
    }

    private static long SegmentBytes(string s)
    {
        var n = ConfigParsers.MemorySize(s);
        // A buffer must hold a record's header, and one message must stay far below what a peer accepts.
        return n is >= 256 and <= 16 * 1024 * 1024 ? n : throw new FormatException("must be between 256 bytes and 16 mb");
    }
}
