using Brook.Streaming.Metrics;

namespace Brook.Runtime.Metrics;

/// <summary>
/// Flink's TimerGauge over an accumulated time: every 5-second view update adds the time accumulated since the last
/// one to a 60-second ring, and the value is the ms per second over the filled part of the ring (0..1000). The time
/// itself is measured by the task (<see cref="TaskMetrics"/>); this only reads it.
/// </summary>
internal sealed class TimerGaugeView(Func<long> accumulatedMs) : IGauge<long>, IView
{
    private const int TimeSpanInSeconds = 60;
    private readonly long[] _values = new long[TimeSpanInSeconds / IView.UpdateIntervalSeconds];
    private readonly Lock _lock = new();
    private long _last = accumulatedMs();
    private int _index;
    private bool _fullWindow;
    private long _value;

    public long Value => Volatile.Read(ref _value);

    object? IGauge.Value => Value;

    public void Update()
    {
        lock (_lock)
        {
            var now = accumulatedMs();
            if (_index == _values.Length - 1) _fullWindow = true;
            _values[_index] = now - _last;
            _last = now;
            _index = (_index + 1) % _values.Length;
            var filled = _fullWindow ? _values.Length : _index;
            long total = 0;
            for (var i = 0; i < filled; i++) total += _values[i];
            Volatile.Write(ref _value, Math.Clamp(total / (IView.UpdateIntervalSeconds * filled), 0, 1000));
        }
    }
}
