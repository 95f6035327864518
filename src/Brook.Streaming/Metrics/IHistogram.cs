namespace Brook.Streaming.Metrics;

/// <summary>A distribution of long values (Flink's Histogram).</summary>
public interface IHistogram : IMetric
{
    void Update(long value);

    long Count { get; }

    HistogramStatistics GetStatistics();
}

/// <summary>The statistics of a histogram's current sample (Flink's HistogramStatistics).</summary>
public sealed record HistogramStatistics(long Size, long Min, long Max, double Mean, double StdDev, IReadOnlyList<long> SortedValues)
{
    /// <summary>The quantile (0..1) of the sample, interpolated as Apache Commons Math's default Percentile (Flink's DescriptiveStatisticsHistogram).</summary>
    public double GetQuantile(double quantile)
    {
        if (quantile is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile lies in [0, 1].");
        var n = SortedValues.Count;
        if (n == 0) return double.NaN;
        if (n == 1) return SortedValues[0];
        var pos = quantile * (n + 1);
        if (pos < 1) return SortedValues[0];
        if (pos >= n) return SortedValues[n - 1];
        var lower = SortedValues[(int)pos - 1];
        var upper = SortedValues[(int)pos];
        return lower + (pos - Math.Floor(pos)) * (upper - lower);
    }
}
