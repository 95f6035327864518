using System.Diagnostics;

namespace Brook.Runtime.Metrics;

/// <summary>
/// A costly reading (the process's /proc figures, the GC's memory info, a job snapshot) shared by the gauges that read
/// parts of it: taken again only when the last one is older than the maximum age, so one dump or scrape reads it once.
/// </summary>
internal sealed class SampledValue<T>(Func<T> read, TimeSpan maxAge)
{
    private readonly Lock _lock = new();
    private T _value = default!;
    private bool _taken;
    private long _takenAt;

    public T Value
    {
        get
        {
            lock (_lock)
            {
                if (!_taken || Stopwatch.GetElapsedTime(_takenAt) > maxAge)
                {
                    _value = read();
                    _taken = true;
                    _takenAt = Stopwatch.GetTimestamp();
                }
                return _value;
            }
        }
    }
}
