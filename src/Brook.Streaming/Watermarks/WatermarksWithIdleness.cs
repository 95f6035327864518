namespace Brook.Streaming.Watermarks;

/// <summary>
/// Wraps a generator and marks the output idle when no event arrived for the idle timeout (measured with
/// the <see cref="TimeProvider"/>), so an input without data does not hold back the watermark downstream.
/// </summary>
public sealed class WatermarksWithIdleness<T> : IWatermarkGenerator<T>
{
    private readonly IWatermarkGenerator<T> _inner;
    private readonly TimeProvider _time;
    private readonly TimeSpan _idleTimeout;
    private long _lastActivity;
    private bool _eventSinceLastCheck;
    private bool _idle;

    public WatermarksWithIdleness(IWatermarkGenerator<T> inner, TimeSpan idleTimeout, TimeProvider timeProvider)
    {
        if (idleTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(idleTimeout), idleTimeout, "The idle timeout must be positive.");
        _inner = inner;
        _idleTimeout = idleTimeout;
        _time = timeProvider;
        _lastActivity = _time.GetTimestamp();
    }

    public void OnEvent(T @event, long eventTimestamp, IWatermarkOutput output)
    {
        _inner.OnEvent(@event, eventTimestamp, output);
        _eventSinceLastCheck = true;
        if (_idle)
        {
            _idle = false;
            output.MarkActive();
        }
    }

    public void OnPeriodicEmit(IWatermarkOutput output)
    {
        if (_eventSinceLastCheck)
        {
            _eventSinceLastCheck = false;
            _lastActivity = _time.GetTimestamp();
            _inner.OnPeriodicEmit(output);
            return;
        }
        if (_idle) return;
        if (_time.GetElapsedTime(_lastActivity) >= _idleTimeout)
        {
            _idle = true;
            output.MarkIdle();
            return;
        }
        _inner.OnPeriodicEmit(output);
    }
}
