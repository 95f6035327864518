namespace Brook.Streaming.Metrics;

/// <summary>A count that goes up and down (Flink's Counter).</summary>
public interface ICounter : IMetric
{
    void Inc();

    void Inc(long n);

    void Dec();

    void Dec(long n);

    long Count { get; }
}
