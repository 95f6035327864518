using System.Runtime.CompilerServices;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>
/// The unit of data exchange: a batch of records passed by reference (never serialized in process), or
/// one event (watermark, end of partition). Buffers are recycled through their channel.
/// </summary>
internal sealed class Buffer<T>(int capacity)
{
    public readonly StreamRecord<T>[] Records = new StreamRecord<T>[capacity];
    public int Count;

    /// <summary>The key group of each record, when the producer partitions by key (filled by its record writer, which owns the channel).</summary>
    public int[]? KeyGroups;
    public BufferKind Kind;
    public long Watermark;
    public Checkpointing.CheckpointBarrier? Barrier;

    public bool IsFull => Count == Records.Length;

    /// <summary>The memory this buffer's arrays hold (records by value or reference, key groups); what a kept blocking result accounts.</summary>
    public long SizeInBytes => (long)Records.Length * Unsafe.SizeOf<StreamRecord<T>>() + (KeyGroups?.Length ?? 0) * sizeof(int);

    /// <summary>Drops the records' references so recycled buffers do not keep values alive.</summary>
    public void Reset()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Count > 0) Array.Clear(Records, 0, Count);
        Count = 0;
        Kind = BufferKind.Data;
        Barrier = null;
    }
}
