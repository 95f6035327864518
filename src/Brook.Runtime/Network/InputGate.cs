using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>
/// The consumer side of one logical input of a task (Flink's InputGate): all channels feeding it, from
/// every producer subtask of every edge of a union. Polls channels round robin; keeps each channel's
/// watermark and advances the input watermark to their minimum over the channels that are not idle;
/// ends when every channel has ended.
/// </summary>
internal sealed class InputGate<T> : IBufferPoolUsage
{
    private readonly IInputChannel<T>[] _channels;
    private readonly long[] _watermarks;
    private readonly bool[] _ended;
    private readonly bool[] _idle;
    private readonly bool[] _behind;
    private readonly bool[] _blocked;
    private Checkpointing.CheckpointBarrierHandler? _barriers;
    private int _channelOffset;
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
        foreach (var c in channels) c.BindConsumer(signal);
    }

    /// <summary>Hands this gate's barriers and ended channels to the task's barrier handler; its channels are numbered from <paramref name="channelOffset"/> there.</summary>
    public void BindBarrierHandler(Checkpointing.CheckpointBarrierHandler handler, int channelOffset)
    {
        _barriers = handler;
        _channelOffset = channelOffset;
        handler.RegisterGate(channelOffset, _channels.Length, SetBlocked);
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
            for (var i = 0; i < _channels.Length; i++)
            {
                if (!_blocked[i] && _channels[i].HasData) return true;
            }
            return false;
        }
    }

    public GateResult Poll(out Buffer<T> buffer, out int channelIndex)
    {
        var n = _channels.Length;
        for (var k = 0; k < n; k++)
        {
            var i = _next + k;
            if (i >= n) i -= n;
            if (_blocked[i] || !_channels[i].TryPoll(out buffer)) continue;
            _next = i + 1 == n ? 0 : i + 1;
            channelIndex = i;
            switch (buffer.Kind)
            {
                case BufferKind.Data:
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
                    _barriers?.OnEndOfPartition(_channelOffset + i);
                    return GateResult.Event;
            }
            _channels[i].Recycle(buffer);
            return GateResult.Event;
        }
        buffer = null!;
        channelIndex = -1;
        return IsFinished ? GateResult.EndOfInput : GateResult.NothingAvailable;
    }

    public void Recycle(int channelIndex, Buffer<T> buffer) => _channels[channelIndex].Recycle(buffer);

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
