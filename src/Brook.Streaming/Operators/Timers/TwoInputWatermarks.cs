namespace Brook.Streaming.Operators.Timers;

/// <summary>
/// A two-input operator's event time: the minimum of both inputs' watermarks, leaving out an idle input,
/// advanced only forward.
/// </summary>
internal sealed class TwoInputWatermarks
{
    private long _input1 = long.MinValue;
    private long _input2 = long.MinValue;
    private bool _idle1;
    private bool _idle2;

    public long Combined { get; private set; } = long.MinValue;

    public bool BothIdle => _idle1 && _idle2;

    /// <summary>Records input <paramref name="input"/>'s watermark; returns the new combined watermark if it advanced.</summary>
    public long? Advance(int input, long watermark)
    {
        if (input == 1) _input1 = Math.Max(_input1, watermark);
        else _input2 = Math.Max(_input2, watermark);
        return Recompute();
    }

    /// <summary>Records input <paramref name="input"/>'s idleness; returns the new combined watermark if leaving it out advanced it.</summary>
    private long? SetIdle(int input, bool idle)
    {
        if (input == 1) _idle1 = idle;
        else _idle2 = idle;
        return Recompute();
    }

    /// <summary>
    /// Records an input's watermark status: an idle input leaves the minimum. Returns the new combined watermark
    /// if that advanced it; <paramref name="operatorStatus"/> is the operator's own new status when it changed
    /// (idle exactly when both inputs are).
    /// </summary>
    public long? SetStatus(int input, WatermarkStatus status, out WatermarkStatus? operatorStatus)
    {
        var wasIdle = BothIdle;
        var advanced = SetIdle(input, status == WatermarkStatus.Idle);
        operatorStatus = wasIdle == BothIdle ? null : BothIdle ? WatermarkStatus.Idle : WatermarkStatus.Active;
        return advanced;
    }

    private long? Recompute()
    {
        if (_idle1 && _idle2) return null;
        var min = _idle1 ? _input2 : _idle2 ? _input1 : Math.Min(_input1, _input2);
        if (min <= Combined) return null;
        Combined = min;
        return min;
    }
}
