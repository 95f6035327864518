namespace Brook.Streaming.Metrics;

/// <summary>A throughput (Flink's Meter): events marked, and their rate per second.</summary>
public interface IMeter : IMetric
{
    void MarkEvent();

    void MarkEvent(long n);

    double Rate { get; }

    long Count { get; }
}
