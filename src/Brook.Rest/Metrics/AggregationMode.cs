namespace Brook.Rest.Metrics;

/// <summary>Flink's aggregation modes of the <c>agg</c> query parameter.</summary>
public enum AggregationMode
{
    Min,
    Max,
    Sum,
    Avg,
    Skew,
}
