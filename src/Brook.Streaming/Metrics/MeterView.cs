namespace Brook.Streaming.Metrics;

/// <summary>
/// Flink's MeterView: the rate per second over the last <c>timeSpanInSeconds</c> (default 60), from the counter's
/// value sampled every 5 seconds. Marking an event is a plain counter increment; the rate moves only when the
/// metric system updates the view.
/// </summary>
public sealed class MeterView : IMeter, IView
{
    private const int DefaultTimeSpanInSeconds = 60;
    private readonly ICounter _counter;
    private readonly int _timeSpanInSeconds;
    private readonly long[] _values;
    private int _time;
    private double _currentRate;

    public MeterView(int timeSpanInSeconds = DefaultTimeSpanInSeconds) : this(new SimpleCounter(), timeSpanInSeconds)
    {
    }

    public MeterView(ICounter counter, int timeSpanInSeconds = DefaultTimeSpanInSeconds)
    {
        _counter = counter;
        // As Flink: the span is rounded down to a multiple of the update interval, at least one interval.
        _timeSpanInSeconds = Math.Max(timeSpanInSeconds - timeSpanInSeconds % IView.UpdateIntervalSeconds, IView.UpdateIntervalSeconds);
        _values = new long[_timeSpanInSeconds / IView.UpdateIntervalSeconds + 1];
    }

    public void MarkEvent() => _counter.Inc();

    public void MarkEvent(long n) => _counter.Inc(n);

    public long Count => _counter.Count;

    public double Rate => Volatile.Read(ref _currentRate);

    public void Update()
    {
        _time = (_time + 1) % _values.Length;
        _values[_time] = _counter.Count;
        Volatile.Write(ref _currentRate, (_values[_time] - _values[(_time + 1) % _values.Length]) / (double)_timeSpanInSeconds);
    }
}
