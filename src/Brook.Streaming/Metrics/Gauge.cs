namespace Brook.Streaming.Metrics;

/// <summary>A gauge over a function, read on the reporting thread: the function must be safe to call from there.</summary>
public sealed class Gauge<T>(Func<T> read) : IGauge<T>
{
    public T Value => read();

    object? IGauge.Value => read();
}
