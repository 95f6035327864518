using System.Runtime.CompilerServices;
using Brook.Core.Configuration;
using Brook.Runtime.JobMaster;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>
/// How many buffers an in-process channel may queue before its producer blocks. Flink's local channel reads its
/// producer's subpartition directly, and a subpartition may queue up to max-buffers-per-channel buffers out of a
/// partition pool of subpartitions × buffers-per-channel + floating-buffers-per-gate: with every subpartition backlogged,
/// each holds its own buffers and an equal share of the floating ones. Flink's buffers are segments of fixed bytes;
/// Brook's hold a fixed number of records. So a ring takes the floating share only where a buffer is at most one segment
/// of memory (records of small values, inline in the buffer): a producer then runs several buffers ahead of its
/// consumer, and the two threads hand over work less often. A buffer of references or larger values holds more than a
/// segment's bytes (a Nexmark event is ~100 B), and more of them in flight only pushes records out of the cache before
/// the consumer reads them: its ring keeps buffers-per-channel.
/// </summary>
internal sealed record LocalChannelSizing(int BuffersPerChannel, int FloatingBuffersPerGate, int MaxBuffersPerChannel, int RecordsPerBuffer,
    long SegmentSize = 32 * 1024)
{
    public static LocalChannelSizing From(Configuration configuration) => new(
        configuration.Get(JobMasterOptions.BuffersPerChannel),
        configuration.Get(NettyShuffleEnvironmentOptions.FloatingBuffersPerGate),
        configuration.Get(NettyShuffleEnvironmentOptions.MaxBuffersPerChannel),
        configuration.Get(JobMasterOptions.RecordsPerBuffer),
        configuration.Get(NettyShuffleEnvironmentOptions.SegmentSize));

    /// <summary>
    /// The ring size of each channel of a producer of <typeparamref name="T"/> with <paramref name="subpartitions"/>
    /// subpartitions: never below buffers-per-channel, never above max-buffers-per-channel.
    /// </summary>
    public int Capacity<T>(int subpartitions)
    {
        var bufferBytes = (long)Unsafe.SizeOf<StreamRecord<T>>() * RecordsPerBuffer;
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() || bufferBytes > SegmentSize) return BuffersPerChannel;
        return Math.Max(BuffersPerChannel, Math.Min(MaxBuffersPerChannel, BuffersPerChannel + FloatingBuffersPerGate / Math.Max(1, subpartitions)));
    }
}
