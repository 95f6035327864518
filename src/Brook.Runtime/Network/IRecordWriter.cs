using Brook.Runtime.Metrics;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>The untyped side of a record writer the task uses for flushes and events.</summary>
internal interface IRecordWriter
{
    void FlushAll();

    /// <summary>
    /// Whether every channel can take a buffer without blocking (Flink's output availability): a task with an
    /// unavailable output waits for space while still running mail (checkpoint triggers, timers), instead of blocking
    /// inside its next record.
    /// </summary>
    bool IsAvailable { get; }

    /// <summary>The producing task's signal, set when a consumer frees space in a channel.</summary>
    void BindAvailabilitySignal(InputSignal signal);

    void BroadcastWatermark(Watermark watermark);

    void BroadcastEndOfPartition();

    /// <summary>Flushes every channel, then sends the barrier into each: it follows every record emitted before it.</summary>
    void BroadcastBarrier(Checkpointing.CheckpointBarrier barrier);
}
