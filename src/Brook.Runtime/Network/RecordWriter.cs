using System.Runtime.CompilerServices;
using Brook.Runtime.Metrics;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>
/// Writes one producer subtask's output of one job edge into the channels of all consumer subtasks
/// (Flink's RecordWriter over a ResultPartition): chooses the channel by the edge's partitioner, appends
/// to that channel's current buffer, and hands the buffer over when full, on flush (buffer timeout),
/// or before an event. Single-threaded: only the producing task thread calls it.
/// </summary>
internal sealed class RecordWriter<T> : IRecordWriter, IBufferPoolUsage
{
    private readonly IResultSubpartition<T>[] _channels;

    public int QueuedBuffers => LocalInputChannel<T>.QueuedBuffersOf(_channels);

    public int TotalBuffers => LocalInputChannel<T>.CapacityOf(_channels);
    private readonly Buffer<T>?[] _current;
    private readonly PartitionerKind _kind;
    private readonly IRecordChannelSelector<T>? _selector;
    private readonly IKeyGroupChannelSelector<T>? _keyGroupSelector;
    private readonly bool _flushAlways;
    private readonly TaskMetrics _metrics;
    private readonly CancellationToken _cancellation;
    private readonly TimeProvider _time;
    private readonly int _pointwiseStart;
    private readonly int _pointwiseCount;
    private readonly Random? _random;
    private int _roundRobin;

    public RecordWriter(IResultSubpartition<T>[] channels, StreamPartitioner partitioner, int producerIndex, int producerParallelism,
        bool flushAlways, TaskMetrics metrics, CancellationToken cancellation, TimeProvider time)
    {
        _channels = channels;
        _current = new Buffer<T>?[channels.Length];
        _sealed = new Buffer<T>?[channels.Length];
        _kind = partitioner.Kind;
        _selector = partitioner as IRecordChannelSelector<T>;
        _keyGroupSelector = partitioner as IKeyGroupChannelSelector<T>;
        _flushAlways = flushAlways;
        _metrics = metrics;
        _cancellation = cancellation;
        _time = time;
        (_pointwiseStart, _pointwiseCount) = PointwiseRange(producerIndex, producerParallelism, channels.Length);
        _roundRobin = _kind == PartitionerKind.Rescale ? 0 : producerIndex % channels.Length;
        if (_kind == PartitionerKind.Shuffle) _random = new Random();
        if (_kind == PartitionerKind.Forward && channels.Length != producerParallelism)
            throw new InvalidOperationException("Forward partitioning needs the same parallelism on both sides.");
        _forwardIndex = producerIndex;
    }

    private readonly int _forwardIndex;

    /// <summary>The consumers a pointwise (rescale) producer feeds, as Flink's POINTWISE distribution.</summary>
    internal static (int Start, int Count) PointwiseRange(int producer, int producers, int consumers)
    {
        if (producers >= consumers)
        {
            // Several producers share one consumer.
            var target = (int)((long)producer * consumers / producers);
            return (target, 1);
        }
        var start = (int)((long)producer * consumers / producers);
        var end = (int)((long)(producer + 1) * consumers / producers);
        return (start, end - start);
    }

    public void Emit(StreamRecord<T> record)
    {
        int channel;
        switch (_kind)
        {
            case PartitionerKind.Forward:
                channel = _forwardIndex;
                break;
            case PartitionerKind.Hash when _keyGroupSelector is not null:
                // The key group travels with the record: the consumer's keyed operator does not hash the key again.
                var keyGroup = _keyGroupSelector.SelectKeyGroup(record.Value);
                AppendKeyed(_keyGroupSelector.ChannelOf(keyGroup, _channels.Length), record, keyGroup);
                _metrics.NumRecordsOut++;
                return;
            case PartitionerKind.Hash:
                channel = _selector!.SelectChannel(record.Value, _channels.Length);
                break;
            case PartitionerKind.Rebalance:
                channel = _roundRobin;
                if (++_roundRobin == _channels.Length) _roundRobin = 0;
                break;
            case PartitionerKind.Rescale:
                channel = _pointwiseStart + _roundRobin;
                if (++_roundRobin == _pointwiseCount) _roundRobin = 0;
                break;
            case PartitionerKind.Shuffle:
                channel = _random!.Next(_channels.Length);
                break;
            case PartitionerKind.Global:
                channel = 0;
                break;
            default:
                for (var i = 0; i < _channels.Length; i++) Append(i, record);
                _metrics.NumRecordsOut++;
                return;
        }
        Append(channel, record);
        _metrics.NumRecordsOut++;
    }

    /// <summary>
    /// A run of records, as <see cref="Emit"/> on each in order: on a keyBy edge the partitioner computes the key groups
    /// and channels of the run in one loop; on a forward edge the run is copied into the buffer.
    /// </summary>
    public void EmitBatch(ReadOnlySpan<StreamRecord<T>> records)
    {
        if (_flushAlways)
        {
            foreach (var record in records) Emit(record);
            return;
        }
        switch (_kind)
        {
            case PartitionerKind.Hash when _keyGroupSelector is not null:
                EmitKeyedRecords(records);
                _metrics.NumRecordsOut += records.Length;
                return;
            case PartitionerKind.Forward:
                AppendRun(_forwardIndex, records);
                _metrics.NumRecordsOut += records.Length;
                return;
            default:
                foreach (var record in records) Emit(record);
                return;
        }
    }

    /// <summary>
    /// A run of values without timestamps, as <see cref="Emit"/> of a record without timestamp of each, in order: they go
    /// into values-only buffers (<see cref="Buffer{T}.Values"/>), on a keyBy edge with the key groups the partitioner
    /// computes for the run in one loop. A buffer that already holds records takes them as records.
    /// </summary>
    public void EmitValues(ReadOnlySpan<T> values)
    {
        if (_flushAlways)
        {
            foreach (var value in values) Emit(new StreamRecord<T>(value));
            return;
        }
        switch (_kind)
        {
            case PartitionerKind.Hash when _keyGroupSelector is not null:
                EmitKeyedValues(values);
                _metrics.NumRecordsOut += values.Length;
                return;
            case PartitionerKind.Forward:
                AppendValues(_forwardIndex, values);
                _metrics.NumRecordsOut += values.Length;
                return;
            default:
                foreach (var value in values) Emit(new StreamRecord<T>(value));
                return;
        }
    }

    private int[] _batchKeyGroups = [];

    /// <summary>
    /// Up to this many channels, a keyBy run of values or records that can be compressed (<see cref="KeyGroupRangeCopy.CanCompress{T}"/>)
    /// goes into its channels' buffers in one pass per channel, which costs less than looking up each value's buffer; other
    /// runs (and more channels) go one by one (a scalar pass per channel costs more), except to a single channel, which
    /// takes the run whole. Each channel gets its values in their order; only the moments its buffers fill differ.
    /// </summary>
    private const int PassPerChannelLimit = 8;

    /// <summary>A keyBy run of records, as <see cref="EmitKeyedValues"/>: the key groups of the run, then each channel's share.</summary>
    private void EmitKeyedRecords(ReadOnlySpan<StreamRecord<T>> records)
    {
        if (_batchKeyGroups.Length < records.Length) _batchKeyGroups = new int[records.Length];
        var keyGroups = _batchKeyGroups.AsSpan(0, records.Length);
        _keyGroupSelector!.SelectKeyGroups(records, keyGroups);
        var ranges = _keyGroupRanges ??= KeyGroupRanges();
        if (_channels.Length == 1 || (RecordsCompress && CompressKeyGroupRanges && _channels.Length <= PassPerChannelLimit))
        {
            for (var c = 0; c < _channels.Length; c++) AppendKeyGroupRange(c, records, keyGroups, ranges[c], ranges[c + 1] - ranges[c]);
            return;
        }
        var owners = _keyGroupOwners!;
        var current = _current;
        for (var i = 0; i < records.Length; i++)
        {
            var keyGroup = keyGroups[i];
            var channel = owners[keyGroup];
            // A current buffer means nothing is sealed on its channel (a barrier seals the current buffer and clears it).
            var buffer = current[channel] ?? OpenKeyedBuffer(channel);
            if (buffer.ValuesOnly) buffer.ToRecords();
            var count = buffer.Count;
            buffer.KeyGroups![count] = keyGroup;
            buffer.Records[count] = records[i];
            buffer.Count = ++count;
            if (count == buffer.Records.Length) Flush(channel);
        }
    }

    /// <summary>
    /// A keyBy run of values: the key groups of the whole run first (one key selector call per value, the murmur hashes
    /// in vector registers), then each channel's share in one pass per channel, selected by the channel's key-group range
    /// (see <see cref="PassPerChannelLimit"/>), or value by value through the owner table.
    /// </summary>
    private void EmitKeyedValues(ReadOnlySpan<T> values)
    {
        if (_batchKeyGroups.Length < values.Length) _batchKeyGroups = new int[values.Length];
        var keyGroups = _batchKeyGroups.AsSpan(0, values.Length);
        _keyGroupSelector!.SelectValueKeyGroups(values, keyGroups);
        var ranges = _keyGroupRanges ??= KeyGroupRanges();
        if (_channels.Length == 1 || (ValuesCompress && CompressKeyGroupRanges && _channels.Length <= PassPerChannelLimit))
        {
            for (var c = 0; c < _channels.Length; c++) AppendKeyGroupRange(c, values, keyGroups, ranges[c], ranges[c + 1] - ranges[c]);
            return;
        }
        var owners = _keyGroupOwners!;
        var current = _current;
        for (var i = 0; i < values.Length; i++)
        {
            var keyGroup = keyGroups[i];
            var channel = owners[keyGroup];
            var buffer = current[channel] ?? OpenKeyedValuesBuffer(channel);
            var count = buffer.Count;
            buffer.KeyGroups![count] = keyGroup;
            if (buffer.ValuesOnly) buffer.Values![count] = values[i];
            else buffer.Records[count] = new StreamRecord<T>(values[i]);
            buffer.Count = ++count;
            if (count == buffer.Records.Length) Flush(channel);
        }
    }

    /// <summary>Whether keyBy runs that can be compressed into each channel's buffer (AVX-512) are; tests turn it off to compare.</summary>
    internal bool CompressKeyGroupRanges { get; set; } = true;

    private static readonly bool ValuesCompress = KeyGroupRangeCopy.CanCompress<T>();
    private static readonly bool RecordsCompress = KeyGroupRangeCopy.CanCompress<StreamRecord<T>>();

    /// <summary>The channel owning each key group (KeyGroupRangeAssignment), built on the first keyBy run.</summary>
    private int[]? _keyGroupOwners;

    /// <summary>Channel c owns key groups [ranges[c], ranges[c + 1]): the owner is monotone in the key group.</summary>
    private int[]? _keyGroupRanges;

    private int[] KeyGroupRanges()
    {
        var selector = _keyGroupSelector!;
        var owners = new int[selector.MaxParallelism];
        for (var keyGroup = 0; keyGroup < owners.Length; keyGroup++) owners[keyGroup] = selector.ChannelOf(keyGroup, _channels.Length);
        // ranges[c] is the first key group owned by channel c or a later one.
        var ranges = new int[_channels.Length + 1];
        var first = 0;
        for (var c = 0; c <= _channels.Length; c++)
        {
            while (first < owners.Length && owners[first] < c) first++;
            ranges[c] = first;
        }
        _keyGroupOwners = owners;
        return ranges;
    }

    private void AppendKeyGroupRange(int channel, ReadOnlySpan<T> values, ReadOnlySpan<int> keyGroups, int first, int width)
    {
        if (width == 0) return;
        var all = width == _keyGroupOwners!.Length;
        var i = 0;
        while (i < values.Length)
        {
            var buffer = _current[channel];
            if (buffer is null)
            {
                // A channel without values in the rest of the run opens no buffer (nor sends its sealed one).
                if (!HasKeyGroupIn(keyGroups[i..], first, width)) return;
                buffer = OpenKeyedValuesBuffer(channel);
            }
            if (!buffer.ValuesOnly)
            {
                // A buffer that holds records (emitted one by one before) goes first, once the run has a value for this
                // channel; the values start a values-only one.
                if (!HasKeyGroupIn(keyGroups[i..], first, width)) return;
                Flush(channel);
                if (_current[channel] is { Count: 0 } empty)
                {
                    empty.ValuesForWriting();
                    empty.ValuesOnly = true;
                }
                continue;
            }
            var target = buffer.Values!;
            var count = buffer.Count;
            i = all
                ? KeyGroupRangeCopy.CopyAll(values, keyGroups, i, target, buffer.KeyGroups!, ref count)
                : KeyGroupRangeCopy.Copy(values, keyGroups, i, first, width, target, buffer.KeyGroups!, ref count, CompressKeyGroupRanges);
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() && count < target.Length) target[count] = default!;
            buffer.Count = count;
            if (count == target.Length) Flush(channel);
        }
    }

    private void AppendKeyGroupRange(int channel, ReadOnlySpan<StreamRecord<T>> records, ReadOnlySpan<int> keyGroups, int first, int width)
    {
        if (width == 0) return;
        var all = width == _keyGroupOwners!.Length;
        var i = 0;
        while (i < records.Length)
        {
            var buffer = _current[channel];
            if (buffer is null)
            {
                if (!HasKeyGroupIn(keyGroups[i..], first, width)) return;
                buffer = OpenKeyedBuffer(channel);
            }
            if (buffer.ValuesOnly)
            {
                // Values without timestamps before become records, once the run has a record for this channel.
                if (buffer.Count > 0 && !HasKeyGroupIn(keyGroups[i..], first, width)) return;
                buffer.ToRecords();
            }
            var target = buffer.Records;
            var count = buffer.Count;
            i = all
                ? KeyGroupRangeCopy.CopyAll(records, keyGroups, i, target, buffer.KeyGroups!, ref count)
                : KeyGroupRangeCopy.Copy(records, keyGroups, i, first, width, target, buffer.KeyGroups!, ref count, CompressKeyGroupRanges);
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>() && count < target.Length) target[count] = default;
            buffer.Count = count;
            if (count == target.Length) Flush(channel);
        }
    }

    private static bool HasKeyGroupIn(ReadOnlySpan<int> keyGroups, int first, int width)
    {
        foreach (var keyGroup in keyGroups)
        {
            if ((uint)(keyGroup - first) < (uint)width) return true;
        }
        return false;
    }

    private Buffer<T> OpenKeyedValuesBuffer(int channel)
    {
        var buffer = OpenKeyedBuffer(channel);
        buffer.ValuesForWriting();
        buffer.ValuesOnly = true;
        return buffer;
    }

    private void AppendValues(int channel, ReadOnlySpan<T> values)
    {
        while (!values.IsEmpty)
        {
            if (_sealed[channel] is not null) SendSealed(channel);
            if (_current[channel] is not { } buffer)
            {
                _current[channel] = buffer = _channels[channel].RequestBuffer();
                buffer.ValuesForWriting();
                buffer.ValuesOnly = true;
            }
            var n = Math.Min(values.Length, buffer.Records.Length - buffer.Count);
            if (buffer.ValuesOnly)
            {
                values[..n].CopyTo(buffer.Values.AsSpan(buffer.Count));
            }
            else
            {
                for (var i = 0; i < n; i++) buffer.Records[buffer.Count + i] = new StreamRecord<T>(values[i]);
            }
            buffer.Count += n;
            values = values[n..];
            if (buffer.IsFull) Flush(channel);
        }
    }

    private Buffer<T> OpenKeyedBuffer(int channel)
    {
        if (_sealed[channel] is not null) SendSealed(channel);
        var buffer = _channels[channel].RequestBuffer();
        buffer.KeyGroups ??= new int[buffer.Records.Length];
        _current[channel] = buffer;
        return buffer;
    }

    private void AppendRun(int channel, ReadOnlySpan<StreamRecord<T>> records)
    {
        while (!records.IsEmpty)
        {
            if (_sealed[channel] is not null) SendSealed(channel);
            var buffer = _current[channel] ??= _channels[channel].RequestBuffer();
            buffer.ToRecords();
            var n = Math.Min(records.Length, buffer.Records.Length - buffer.Count);
            records[..n].CopyTo(buffer.Records.AsSpan(buffer.Count));
            buffer.Count += n;
            records = records[n..];
            if (buffer.IsFull) Flush(channel);
        }
    }

    private static List<(StreamRecord<T>, int)> CopyRecords(Buffer<T> buffer)
    {
        var copy = new List<(StreamRecord<T>, int)>(buffer.Count);
        for (var r = 0; r < buffer.Count; r++) copy.Add((buffer.RecordAt(r), buffer.KeyGroups?[r] ?? -1));
        return copy;
    }

    /// <summary>A buffer closed by a priority barrier that could not be sent then: it goes before anything else on its channel.</summary>
    private readonly Buffer<T>?[] _sealed;

    private void SealOrSend(int channel, Buffer<T> buffer)
    {
        if (_sealed[channel] is null)
        {
            _sealed[channel] = buffer;
            return;
        }
        // Two barriers while the channel stayed full: the older sealed buffer goes now (blocking, as a record would).
        SendSealed(channel);
        _sealed[channel] = buffer;
    }

    private void SendSealed(int channel)
    {
        if (_sealed[channel] is not { } s) return;
        _sealed[channel] = null;
        Send(channel, s);
    }

    private void Append(int channel, StreamRecord<T> record)
    {
        if (_sealed[channel] is not null) SendSealed(channel);
        var buffer = _current[channel] ??= _channels[channel].RequestBuffer();
        if (buffer.ValuesOnly) buffer.ToRecords();
        buffer.Records[buffer.Count++] = record;
        if (_flushAlways) FlushThrough(channel);
        else if (buffer.IsFull) Flush(channel);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void AppendKeyed(int channel, StreamRecord<T> record, int keyGroup)
    {
        if (_sealed[channel] is not null) SendSealed(channel);
        var buffer = _current[channel] ??= _channels[channel].RequestBuffer();
        if (buffer.ValuesOnly) buffer.ToRecords();
        var keyGroups = buffer.KeyGroups ??= new int[buffer.Records.Length];
        keyGroups[buffer.Count] = keyGroup;
        buffer.Records[buffer.Count++] = record;
        if (_flushAlways) FlushThrough(channel);
        else if (buffer.IsFull) Flush(channel);
    }

    /// <summary>Hands the current buffer over and has the subpartition send what it holds (a network subpartition fills its buffers across hand-overs).</summary>
    private void FlushThrough(int channel)
    {
        Flush(channel);
        _channels[channel].Flush();
    }

    private void Flush(int channel)
    {
        SendSealed(channel);
        var buffer = _current[channel];
        if (buffer is null || buffer.Count == 0) return;
        _current[channel] = null;
        Send(channel, buffer);
    }

    private void Send(int channel, Buffer<T> buffer)
    {
        if (!_channels[channel].Offer(buffer, _cancellation, _metrics))
            throw new OperationCanceledException(_cancellation);
    }

    public bool IsAvailable
    {
        get
        {
            foreach (var c in _channels)
            {
                if (!c.HasSpace) return false;
            }
            return true;
        }
    }

    public void BindAvailabilitySignal(InputSignal signal)
    {
        foreach (var c in _channels) c.BindProducer(signal);
    }

    public void FlushAll()
    {
        for (var i = 0; i < _channels.Length; i++) FlushThrough(i);
    }

    public void BroadcastWatermark(Watermark watermark)
    {
        Volatile.Write(ref _metrics.CurrentOutputWatermark, watermark.Timestamp);
        BroadcastEvent(BufferKind.Watermark, watermark.Timestamp);
    }

    public void BroadcastWatermarkStatus(WatermarkStatus status) => BroadcastEvent(BufferKind.WatermarkStatus, (long)status);

    public void BroadcastEndOfPartition() => BroadcastEvent(BufferKind.EndOfPartition, 0);

    public void BroadcastBarrier(Checkpointing.CheckpointBarrier barrier)
    {
        if (barrier.AlignedTimeoutMillis is null)
        {
            BroadcastEvent(BufferKind.CheckpointBarrier, 0, barrier);
            return;
        }
        // A barrier that may be unaligned overtakes what is queued: the consumer learns which buffers were sent
        // before it (the queued ones and the partly filled one, offered right after) and persists or aligns on them.
        for (var i = 0; i < _channels.Length; i++)
        {
            if (_channels[i] is not IPrioritySubpartition<T> priority)
            {
                // A network subpartition carries barriers in line (the consumer counts it as reached on arrival).
                SendEvent(i, BufferKind.CheckpointBarrier, 0, barrier);
                continue;
            }
            var partial = _current[i] is { Count: > 0 } p ? p : null;
            var ring = priority.OfferedBuffers;
            var unsent = new List<IReadOnlyList<(StreamRecord<T>, int)>>();
            if (_sealed[i] is { } s) unsent.Add(CopyRecords(s));
            if (partial is not null) unsent.Add(CopyRecords(partial));
            priority.OfferPriority(new PriorityBarrier<T>(barrier, ring + (partial is null ? 0 : 1) + (_sealed[i] is null ? 0 : 1), ring, unsent));
            if (partial is null) continue;
            // Records after the barrier go into a new buffer; the sealed one is sent first, without blocking here.
            _current[i] = null;
            if (_sealed[i] is null && _channels[i].HasSpace) Send(i, partial);
            else SealOrSend(i, partial);
        }
    }

    private void BroadcastEvent(BufferKind kind, long watermark, Checkpointing.CheckpointBarrier? barrier = null)
    {
        for (var i = 0; i < _channels.Length; i++) SendEvent(i, kind, watermark, barrier);
    }

    private void SendEvent(int channel, BufferKind kind, long watermark, Checkpointing.CheckpointBarrier? barrier)
    {
        Flush(channel);
        var e = _channels[channel].RequestBuffer();
        e.Kind = kind;
        e.Watermark = watermark;
        e.Barrier = barrier;
        Send(channel, e);
    }
}
