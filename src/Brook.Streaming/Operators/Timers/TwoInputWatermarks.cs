namespace Brook.Streaming.Operators.Timers;

/// <summary>A two-input operator's event time: the minimum of both inputs' watermarks, advanced only forward.</summary>
internal sealed class TwoInputWatermarks
{
    private long _input1 = long.MinValue;
    private long _input2 = long.MinValue;

    public long Combined { get; private set; } = long.MinValue;

    /// <summary>Records input <paramref name="input"/>'s watermark; returns the new combined watermark if it advanced.</summary>
    public long? Advance(int input, long watermark)
    {
        if (input == 1) _input1 = Math.Max(_input1, watermark);
        else _input2 = Math.Max(_input2, watermark);
        var min = Math.Min(_input1, _input2);
        if (min <= Combined) return null;
        Combined = min;
        return min;
    }
}
