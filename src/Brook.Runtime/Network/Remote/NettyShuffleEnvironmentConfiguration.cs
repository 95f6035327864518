using Brook.Core.Configuration;
using Brook.Runtime.JobMaster;

namespace Brook.Runtime.Network.Remote;

/// <summary>The data plane's settings, read once from the TaskManager's configuration (Flink's NettyShuffleEnvironmentConfiguration).</summary>
internal sealed record NettyShuffleEnvironmentConfiguration(
    int DataPort,
    int SegmentSize,
    int BuffersPerChannel,
    int FloatingBuffersPerGate,
    int MaxBuffersPerChannel,
    int RecordsPerBuffer)
{
    /// <summary>How long connecting and the handshake may take (Flink's taskmanager.network.netty.client.connectTimeoutSec default).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>The first wait before a channel asks again for a subpartition not found (taskmanager.network.request-backoff.initial).</summary>
    public TimeSpan RequestBackoffInitial { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait; a request still not found after it fails the channel (taskmanager.network.request-backoff.max).</summary>
    public TimeSpan RequestBackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    public static NettyShuffleEnvironmentConfiguration From(Configuration configuration) => new(
        configuration.Get(NettyShuffleEnvironmentOptions.DataPort),
        (int)configuration.Get(NettyShuffleEnvironmentOptions.SegmentSize),
        configuration.Get(JobMasterOptions.BuffersPerChannel),
        configuration.Get(NettyShuffleEnvironmentOptions.FloatingBuffersPerGate),
        configuration.Get(NettyShuffleEnvironmentOptions.MaxBuffersPerChannel),
        configuration.Get(JobMasterOptions.RecordsPerBuffer))
    {
        RequestBackoffInitial = configuration.Get(NettyShuffleEnvironmentOptions.RequestBackoffInitial),
        RequestBackoffMax = configuration.Get(NettyShuffleEnvironmentOptions.RequestBackoffMax),
    };
}
