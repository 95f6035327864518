using Brook.Runtime.Metrics;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>The untyped side of a record writer the task uses for flushes and events.</summary>
internal interface IRecordWriter
{
    void FlushAll();

    void BroadcastWatermark(Watermark watermark);

    void BroadcastEndOfPartition();

    /// <summary>Flushes every channel, then sends the barrier into each: it follows every record emitted before it.</summary>
    void BroadcastBarrier(Checkpointing.CheckpointBarrier barrier);
}
