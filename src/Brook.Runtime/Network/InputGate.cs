using Brook.Runtime.Checkpointing;
using Brook.Runtime.State;
using Brook.Streaming.Operators;
using MessagePack;

namespace Brook.Runtime.Network;

/// <summary>
/// The consumer side of one logical input of a task (Flink's InputGate): all channels feeding it, from
/// every producer subtask of every edge of a union. Polls channels round robin; keeps each channel's
/// watermark and advances the input watermark to their minimum over the channels that are not idle;
/// ends when every channel has ended. Barriers that may be unaligned arrive ahead of the queued buffers, with the
/// sequence number of the first buffer after them: the gate tells the barrier handler when a channel has delivered
/// everything before its barrier, and copies the records the handler wants as channel state while they are processed.
/// Records restored from an unaligned checkpoint's channel state come out first.
/// </summary>
internal sealed class InputGate<T> : IBufferPoolUsage
{
    private readonly IInputChannel<T>[] _channels;
    private readonly long[] _watermarks;
    private readonly bool[] _ended;
    private readonly bool[] _idle;
    private readonly bool[] _behind;
    private readonly bool[] _blocked;
    private readonly long[] _barrierSequence;
    private readonly long[] _barrierCheckpoint;
    private readonly Buffer<T>?[] _stashed;
    private readonly PriorityBarrier<T>?[] _announced;
    private readonly IPriorityInputChannel<T>?[] _priorityChannels;
    private readonly Queue<Buffer<T>> _recovered = new();
    private Checkpointing.CheckpointBarrierHandler? _barriers;
    private int _channelOffset;
    private int _inputIndex = 1;
    private bool _gateIdle;
    private WatermarkStatus? _statusChange;
    private int _endedCount;
    private int _next;
    private long _gateWatermark = long.MinValue;
    private long? _advanced;

    public InputGate(IInputChannel<T>[] channels, InputSignal signal)
    {
        _channels = channels;
        _watermarks = new long[channels.Length];
        Array.Fill(_watermarks, long.MinValue);
        _ended = new bool[channels.Length];
        _idle = new bool[channels.Length];
        _behind = new bool[channels.Length];
        _blocked = new bool[channels.Length];
        _barrierSequence = new long[channels.Length];
        _barrierCheckpoint = new long[channels.Length];
        _stashed = new Buffer<T>?[channels.Length];
        _announced = new PriorityBarrier<T>?[channels.Length];
        _priorityChannels = channels.Select(c => c as IPriorityInputChannel<T>).ToArray();
        Array.Fill(_barrierSequence, -1);
        foreach (var c in channels) c.BindConsumer(signal);
    }

    /// <summary>
    /// Records restored from an unaligned checkpoint for this input (value, timestamp, key group or -1): processed before
    /// anything the channels deliver.
    /// </summary>
    public void Recover(IEnumerable<InputChannelStateEntry> entries)
    {
        var size = (_channels.FirstOrDefault() as LocalInputChannel<T>)?.RecordsPerBuffer ?? 1024;
        Buffer<T>? current = null;
        foreach (var e in entries)
        {
            (T Value, long Timestamp) read;
            try
            {
                read = MessagePackSerializer.Deserialize<(T, long)>(e.Record, StateSerialization.Options);
            }
            catch (MessagePackSerializationException x)
            {
                throw new InvalidDataException($"An in-flight record of the restored checkpoint cannot be read as {typeof(T).Name}: {x.Message}", x);
            }
            var (value, timestamp) = read;
            if (current is null || current.IsFull)
            {
                current = new Buffer<T>(size);
                _recovered.Enqueue(current);
            }
            if (e.KeyGroup >= 0) (current.KeyGroups ??= new int[size])[current.Count] = e.KeyGroup;
            current.Records[current.Count++] = new StreamRecord<T>(value, timestamp);
        }
    }

    /// <summary>Hands this gate's barriers and ended channels to the task's barrier handler; its channels are numbered from <paramref name="channelOffset"/> there.</summary>
    public void BindBarrierHandler(Checkpointing.CheckpointBarrierHandler handler, int channelOffset, int inputIndex = 1)
    {
        _barriers = handler;
        _channelOffset = channelOffset;
        _inputIndex = inputIndex;
        handler.RegisterGate(channelOffset, _channels.Length, SetBlocked, CaptureOvertaken);
    }

    /// <summary>A blocked channel is not polled (exactly-once alignment: its records after the barrier wait).</summary>
    private void SetBlocked(int channel, bool blocked) => _blocked[channel] = blocked;

    public int NumberOfChannels => _channels.Length;

    public int QueuedBuffers => LocalInputChannel<T>.QueuedBuffersOf(_channels);

    public int TotalBuffers => LocalInputChannel<T>.CapacityOf(_channels);

    public bool IsFinished => _endedCount == _channels.Length;

    public bool HasData
    {
        get
        {
            if (_recovered.Count > 0) return true;
            for (var i = 0; i < _channels.Length; i++)
            {
                if ((!_blocked[i] && (_channels[i].HasData || _stashed[i] is not null)) || _priorityChannels[i]?.HasPriority == true) return true;
            }
            return false;
        }
    }

    public GateResult Poll(out Buffer<T> buffer, out int channelIndex)
    {
        if (_recovered.Count > 0)
        {
            buffer = _recovered.Dequeue();
            channelIndex = -1;
            return GateResult.Data;
        }
        var n = _channels.Length;
        if (PollPriority())
        {
            buffer = null!;
            channelIndex = -1;
            return GateResult.Event;
        }
        for (var k = 0; k < n; k++)
        {
            var i = _next + k;
            if (i >= n) i -= n;
            if (_blocked[i]) continue;
            if (_stashed[i] is { } stashed)
            {
                buffer = stashed;
                _stashed[i] = null;
            }
            else
            {
                if (!_channels[i].TryPoll(out buffer)) continue;
                if (_barriers is not null && _priorityChannels[i]?.HasPriority == true)
                {
                    // A priority barrier came in while this buffer was taken: the barrier goes first (the buffer may be after it).
                    _stashed[i] = buffer;
                    return Poll(out buffer, out channelIndex);
                }
            }
            _next = i + 1 == n ? 0 : i + 1;
            channelIndex = i;
            switch (buffer.Kind)
            {
                case BufferKind.Data:
                    if (_barriers is { } b && b.IsPersisting(_channelOffset + i)
                        && (BarrierSequence(i) < 0 || _priorityChannels[i]!.ConsumedBuffers <= _barrierSequence[i]))
                        Persist(b, buffer);
                    return GateResult.Data;
                case BufferKind.Watermark:
                    OnWatermark(i, buffer.Watermark);
                    break;
                case BufferKind.WatermarkStatus:
                    OnWatermarkStatus(i, (WatermarkStatus)buffer.Watermark);
                    break;
                case BufferKind.CheckpointBarrier:
                    var barrier = buffer.Barrier!;
                    _channels[i].Recycle(buffer);
                    // May block this channel, or complete the alignment and take the snapshot right here on the task thread.
                    _barriers?.OnBarrier(_channelOffset + i, barrier);
                    return GateResult.Event;
                default:
                    _ended[i] = true;
                    _idle[i] = false;
                    _behind[i] = false;
                    _endedCount++;
                    // An ended channel no longer holds the input watermark back.
                    OnWatermark(i, long.MaxValue);
                    _channels[i].Recycle(buffer);
                    _barrierSequence[i] = -1;
                    _barriers?.OnEndOfPartition(_channelOffset + i);
                    return GateResult.Event;
            }
            _channels[i].Recycle(buffer);
            CheckBarrierReached(i);
            return GateResult.Event;
        }
        buffer = null!;
        channelIndex = -1;
        return IsFinished ? GateResult.EndOfInput : GateResult.NothingAvailable;
    }

    /// <summary>Whether a priority barrier waits in a channel.</summary>
    public bool HasPriority
    {
        get
        {
            foreach (var c in _priorityChannels)
            {
                if (c?.HasPriority == true) return true;
            }
            return false;
        }
    }

    /// <summary>Hands one waiting priority barrier to the barrier handler; false if there was none.</summary>
    public bool PollPriority()
    {
        if (_barriers is not { } handler || _recovered.Count > 0) return false;
        for (var i = 0; i < _channels.Length; i++)
        {
            if (_priorityChannels[i] is not { } channel || !channel.TryPollPriority(out var priority)) continue;
            _barrierSequence[i] = priority.Sequence;
            _barrierCheckpoint[i] = priority.Barrier.Id;
            _announced[i] = priority;
            handler.OnPriorityBarrier(_channelOffset + i, priority.Barrier);
            // Unaligned already: what the barrier overtook is persisted now, without waiting to process it.
            if (handler.IsPersisting(_channelOffset + i)) CaptureOvertaken(i);
            else CheckBarrierReached(i);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Persists the records that precede channel <paramref name="channel"/>'s barrier and were not processed yet: the
    /// set-aside buffer and the queued ones below the barrier's ring position, then copies of the producer's buffers not
    /// sent when the barrier was (those not processed yet); the channel then counts as having delivered its barrier.
    /// </summary>
    private void CaptureOvertaken(int channel)
    {
        if (_announced[channel] is not { } p || _barriers is not { } handler) return;
        _announced[channel] = null;
        // The channel counts as reached now: its barrier position must not reach a later checkpoint's alignment.
        _barrierSequence[channel] = -1;
        var c = _priorityChannels[channel]!;
        var consumed = c.ConsumedBuffers;
        var processed = consumed - (_stashed[channel] is null ? 0 : 1);
        if (_stashed[channel] is { } stashed && processed < p.RingSequence && stashed.Kind == BufferKind.Data) Persist(handler, stashed);
        var tail = Math.Min(p.RingSequence, c.OfferedBuffersSeenByConsumer);
        for (var seq = consumed; seq < tail; seq++)
        {
            var queued = c.PeekQueued(seq);
            if (queued.Kind == BufferKind.Data) Persist(handler, queued);
        }
        for (var k = 0; k < p.Unsent.Count; k++)
        {
            if (p.RingSequence + k < processed) continue;
            foreach (var (record, keyGroup) in p.Unsent[k]) PersistRecord(handler, record, keyGroup);
        }
        handler.OnPriorityBarrierReached(_channelOffset + channel);
    }

    public void Recycle(int channelIndex, Buffer<T> buffer)
    {
        if (channelIndex < 0) return;
        _channels[channelIndex].Recycle(buffer);
        CheckBarrierReached(channelIndex);
    }

    /// <summary>Once a channel delivered every buffer sent before its priority barrier, the handler hears of it (after they were processed).</summary>
    private void CheckBarrierReached(int channel)
    {
        var sequence = BarrierSequence(channel);
        // A stashed buffer was taken from the channel but not processed yet.
        if (sequence < 0) return;
        var processed = _priorityChannels[channel]!.ConsumedBuffers - (_stashed[channel] is null ? 0 : 1);
        if (processed < sequence) return;
        _barrierSequence[channel] = -1;
        _announced[channel] = null;
        _barriers?.OnPriorityBarrierReached(_channelOffset + channel);
    }

    /// <summary>
    /// The position of the channel's announced barrier, or -1 when there is none for the checkpoint in progress: the
    /// position of a barrier whose checkpoint was completed or abandoned says nothing about a later checkpoint's barrier.
    /// </summary>
    private long BarrierSequence(int channel)
    {
        if (_barrierSequence[channel] >= 0 && _barriers?.CurrentCheckpointId != _barrierCheckpoint[channel])
        {
            _barrierSequence[channel] = -1;
            _announced[channel] = null;
        }
        return _barrierSequence[channel];
    }

    /// <summary>Copies a buffer's records into the unaligned checkpoint's channel state (the records are processed as well).</summary>
    private void Persist(Checkpointing.CheckpointBarrierHandler handler, Buffer<T> buffer)
    {
        for (var r = 0; r < buffer.Count; r++) PersistRecord(handler, buffer.RecordAt(r), buffer.KeyGroups?[r] ?? -1);
    }

    private void PersistRecord(Checkpointing.CheckpointBarrierHandler handler, StreamRecord<T> record, int keyGroup)
    {
        try
        {
            var bytes = MessagePackSerializer.Serialize((record.Value, record.Timestamp), StateSerialization.Options);
            handler.PersistInFlight(new InputChannelStateEntry(_inputIndex, keyGroup, bytes));
        }
        catch (Exception e) when (e is MessagePackSerializationException or InvalidOperationException or NotSupportedException)
        {
            handler.FailInFlight(new InvalidOperationException($"An in-flight record of type {typeof(T).Name} cannot be written into the unaligned checkpoint: {e.Message}", e));
        }
    }

    /// <summary>The new input watermark if the last event advanced it (once).</summary>
    public Watermark? TakeWatermarkAdvance()
    {
        var a = _advanced;
        _advanced = null;
        return a is { } w ? new Watermark(w) : null;
    }

    /// <summary>The gate's idle/active change if the last event changed it (once): idle when every open channel is idle.</summary>
    public WatermarkStatus? TakeStatusChange()
    {
        var s = _statusChange;
        _statusChange = null;
        return s;
    }

    private void OnWatermark(int channel, long watermark)
    {
        if (watermark <= _watermarks[channel]) return;
        _watermarks[channel] = watermark;
        if (_behind[channel] && watermark >= _gateWatermark) _behind[channel] = false;
        AdvanceToMinimum();
    }

    private void OnWatermarkStatus(int channel, WatermarkStatus status)
    {
        var wasIdle = _idle[channel];
        _idle[channel] = status == WatermarkStatus.Idle;
        // A channel that resumes behind the gate's watermark counts again once it has caught up (Flink's
        // alignment), so it neither moves the watermark back nor holds the others up meanwhile.
        if (wasIdle && !_idle[channel]) _behind[channel] = _watermarks[channel] < _gateWatermark;
        var allIdle = true;
        for (var c = 0; c < _channels.Length; c++) allIdle &= _ended[c] || _idle[c];
        allIdle &= !IsFinished;
        if (allIdle != _gateIdle)
        {
            _gateIdle = allIdle;
            _statusChange = allIdle ? WatermarkStatus.Idle : WatermarkStatus.Active;
        }
        // Leaving an idle channel out may let the others' minimum advance.
        AdvanceToMinimum();
    }

    private void AdvanceToMinimum()
    {
        // Ended channels sit at long.MaxValue; they alone must not carry the gate past idle channels that may resume.
        var min = long.MaxValue;
        var anyOpenActive = false;
        for (var c = 0; c < _watermarks.Length; c++)
        {
            if (_idle[c] || _behind[c]) continue;
            anyOpenActive |= !_ended[c];
            min = Math.Min(min, _watermarks[c]);
        }
        if ((anyOpenActive || IsFinished) && min > _gateWatermark)
        {
            _gateWatermark = min;
            _advanced = min;
        }
    }
}
