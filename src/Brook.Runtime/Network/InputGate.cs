using Brook.Streaming.Operators;

namespace Brook.Runtime.Network;

/// <summary>
/// The consumer side of one logical input of a task (Flink's InputGate): all channels feeding it, from
/// every producer subtask of every edge of a union. Polls channels round robin; keeps each channel's
/// watermark and advances the input watermark to their minimum; ends when every channel has ended.
/// </summary>
internal sealed class InputGate<T>
{
    private readonly LocalInputChannel<T>[] _channels;
    private readonly long[] _watermarks;
    private readonly bool[] _ended;
    private int _endedCount;
    private int _next;
    private long _gateWatermark = long.MinValue;
    private long? _advanced;

    public InputGate(LocalInputChannel<T>[] channels, InputSignal signal)
    {
        _channels = channels;
        _watermarks = new long[channels.Length];
        Array.Fill(_watermarks, long.MinValue);
        _ended = new bool[channels.Length];
        foreach (var c in channels) c.BindConsumer(signal);
    }

    public int NumberOfChannels => _channels.Length;

    public bool IsFinished => _endedCount == _channels.Length;

    public bool HasData
    {
        get
        {
            foreach (var c in _channels)
            {
                if (c.HasData) return true;
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
            if (!_channels[i].TryPoll(out buffer)) continue;
            _next = i + 1 == n ? 0 : i + 1;
            channelIndex = i;
            switch (buffer.Kind)
            {
                case BufferKind.Data:
                    return GateResult.Data;
                case BufferKind.Watermark:
                    OnWatermark(i, buffer.Watermark);
                    break;
                default:
                    _ended[i] = true;
                    _endedCount++;
                    // An ended channel no longer holds the input watermark back.
                    OnWatermark(i, long.MaxValue);
                    break;
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

    private void OnWatermark(int channel, long watermark)
    {
        if (watermark <= _watermarks[channel]) return;
        _watermarks[channel] = watermark;
        var min = long.MaxValue;
        foreach (var w in _watermarks) min = Math.Min(min, w);
        if (min > _gateWatermark)
        {
            _gateWatermark = min;
            _advanced = min;
        }
    }
}
