namespace Brook.Streaming.Metrics;

/// <summary>A metric (Flink's Metric): a counter, gauge, meter or histogram, registered in a metric group.</summary>
public interface IMetric;
