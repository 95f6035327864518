namespace Brook.Runtime.Metrics;

/// <summary>Flink's MetricType / MetricDump categories.</summary>
public enum MetricKind
{
    Counter = 0,
    Gauge = 1,
    Histogram = 2,
    Meter = 3,
}
