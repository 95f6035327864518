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

    private void Append(int channel, StreamRecord<T> record)
    {
        var buffer = _current[channel] ??= _channels[channel].RequestBuffer();
        buffer.Records[buffer.Count++] = record;
        if (_flushAlways) FlushThrough(channel);
        else if (buffer.IsFull) Flush(channel);
    }

    private void AppendKeyed(int channel, StreamRecord<T> record, int keyGroup)
    {
        var buffer = _current[channel] ??= _channels[channel].RequestBuffer();
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

    public void BroadcastBarrier(Checkpointing.CheckpointBarrier barrier) => BroadcastEvent(BufferKind.CheckpointBarrier, 0, barrier);

    private void BroadcastEvent(BufferKind kind, long watermark, Checkpointing.CheckpointBarrier? barrier = null)
    {
        for (var i = 0; i < _channels.Length; i++)
        {
            Flush(i);
            var e = _channels[i].RequestBuffer();
            e.Kind = kind;
            e.Watermark = watermark;
            e.Barrier = barrier;
            Send(i, e);
        }
    }
}
