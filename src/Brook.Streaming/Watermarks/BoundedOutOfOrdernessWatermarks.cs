namespace Brook.Streaming.Watermarks;

/// <summary>
/// Periodically emits the largest timestamp seen minus the allowed out-of-orderness minus one: events up
/// to that much late are still on time.
/// </summary>
public sealed class BoundedOutOfOrdernessWatermarks<T> : IWatermarkGenerator<T>
{
    private readonly long _outOfOrdernessMillis;
    private long _maxTimestamp;

    public BoundedOutOfOrdernessWatermarks(TimeSpan maxOutOfOrderness)
    {
        if (maxOutOfOrderness < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(maxOutOfOrderness), maxOutOfOrderness, "The maximum out-of-orderness must not be negative.");
        _outOfOrdernessMillis = (long)maxOutOfOrderness.TotalMilliseconds;
        // Start so that the first periodic watermark is long.MinValue, not an underflow.
        _maxTimestamp = long.MinValue + _outOfOrdernessMillis + 1;
    }

    public void OnEvent(T @event, long eventTimestamp, IWatermarkOutput output) => _maxTimestamp = Math.Max(_maxTimestamp, eventTimestamp);

    /// <summary>The effect of <see cref="OnEvent"/> for events up to this timestamp (a batch's largest): events only raise the maximum.</summary>
    internal void OnTimestamp(long timestamp) => _maxTimestamp = Math.Max(_maxTimestamp, timestamp);

    public void OnPeriodicEmit(IWatermarkOutput output) => output.EmitWatermark(_maxTimestamp - _outOfOrdernessMillis - 1);
}
