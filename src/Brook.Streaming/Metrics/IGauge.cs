namespace Brook.Streaming.Metrics;

/// <summary>A value read when the metric is reported (Flink's Gauge). The value is reported with its invariant string form.</summary>
public interface IGauge : IMetric
{
    /// <summary>The current value, boxed; null when there is none.</summary>
    object? Value { get; }
}

/// <summary>A typed gauge.</summary>
public interface IGauge<out T> : IGauge
{
    new T Value { get; }
}
