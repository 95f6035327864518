using Brook.Core.Configuration;
using Brook.Runtime.JobMaster;

namespace Brook.Runtime.Network;

/// <summary>
/// How many buffers an in-process channel may queue before its producer blocks. Flink's local channel reads its
/// producer's subpartition directly, and a subpartition may queue up to max-buffers-per-channel buffers out of a
/// partition pool of subpartitions × buffers-per-channel + floating-buffers-per-gate: with every subpartition backlogged,
/// each holds its own buffers and an equal share of the floating ones. The same bound here lets a producer run several
/// buffers ahead of its consumer, so the two threads hand over work less often.
/// </summary>
internal sealed record LocalChannelSizing(int BuffersPerChannel, int FloatingBuffersPerGate, int MaxBuffersPerChannel, int RecordsPerBuffer)
{
    public static LocalChannelSizing From(Configuration configuration) => new(
        configuration.Get(JobMasterOptions.BuffersPerChannel),
        configuration.Get(NettyShuffleEnvironmentOptions.FloatingBuffersPerGate),
        configuration.Get(NettyShuffleEnvironmentOptions.MaxBuffersPerChannel),
        configuration.Get(JobMasterOptions.RecordsPerBuffer));

    /// <summary>The ring size of each channel of a producer with <paramref name="subpartitions"/> subpartitions (never below buffers-per-channel).</summary>
    public int Capacity(int subpartitions) =>
        Math.Max(BuffersPerChannel, Math.Min(MaxBuffersPerChannel, BuffersPerChannel + FloatingBuffersPerGate / Math.Max(1, subpartitions)));
}
