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

    /// <summary>
    /// When <see cref="ValuesOnly"/> is set, the records are these values without timestamps (8 B per long instead of
    /// a 16 B record): what the writer fills from a run of values (<see cref="Output{T}.CollectValues"/>) while no record
    /// with a timestamp came into the buffer. <see cref="Records"/> is then unused.
    /// </summary>
    public T[]? Values;
    public bool ValuesOnly;

    /// <summary>The key group of each record, when the producer partitions by key (filled by its record writer, which owns the channel).</summary>
    public int[]? KeyGroups;
    public BufferKind Kind;
    public long Watermark;
    public Checkpointing.CheckpointBarrier? Barrier;

    public bool IsFull => Count == Records.Length;

    /// <summary>The record at <paramref name="index"/> in either layout (values only: without a timestamp).</summary>
    public StreamRecord<T> RecordAt(int index) => ValuesOnly ? new StreamRecord<T>(Values![index]) : Records[index];

    /// <summary>The values array of a values-only buffer, allocated on first use (producer side).</summary>
    public T[] ValuesForWriting() => Values ??= new T[Records.Length];

    /// <summary>
    /// Turns a values-only buffer into records (without timestamps) so records with timestamps can follow: only the
    /// producer that fills the buffer calls it, before the buffer is handed over.
    /// </summary>
    public void ToRecords()
    {
        if (!ValuesOnly) return;
        var values = Values!;
        for (var i = 0; i < Count; i++) Records[i] = new StreamRecord<T>(values[i]);
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(values, 0, Count);
        ValuesOnly = false;
    }

    /// <summary>The memory this buffer's arrays hold (records by value or reference, values, key groups); what a kept blocking result accounts.</summary>
    public long SizeInBytes => (long)Records.Length * Unsafe.SizeOf<StreamRecord<T>>() + (long)(Values?.Length ?? 0) * Unsafe.SizeOf<T>() +
                               (KeyGroups?.Length ?? 0) * sizeof(int);

    /// <summary>Drops the records' references so recycled buffers do not keep values alive.</summary>
    public void Reset()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() && Count > 0)
        {
            if (ValuesOnly) Array.Clear(Values!, 0, Count);
            else Array.Clear(Records, 0, Count);
        }
        Count = 0;
        ValuesOnly = false;
        Kind = BufferKind.Data;
        Barrier = null;
    }
}
