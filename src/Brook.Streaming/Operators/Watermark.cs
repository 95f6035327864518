namespace Brook.Streaming.Operators;

/// <summary>
/// Event-time progress: no record with a timestamp at or below this will follow. Flows through chains and
/// channels; a task's input watermark is the minimum over its input channels. End of input emits
/// <see cref="MaxWatermark"/> so every event-time timer fires.
/// </summary>
public readonly record struct Watermark(long Timestamp)
{
    public static readonly Watermark MaxWatermark = new(long.MaxValue);

    /// <summary>The watermark before any has arrived ("no watermark" is long.MinValue).</summary>
    public static readonly Watermark Uninitialized = new(long.MinValue);
}
