using Brook.Rest.Metrics;
using Brook.Streaming.Metrics;

namespace Brook.Rest.Tests;

/// <summary>The aggregation arithmetic and parameter parsing of the metric endpoints, against hand-computed values.</summary>
public sealed class MetricAggregationTests
{
    private static ComponentMetricStore Store(string value)
    {
        var s = new ComponentMetricStore();
        s.Metrics["m"] = value;
        return s;
    }

    [Fact]
    public void Min_max_avg_sum_and_skew_over_the_selected_stores()
    {
        var stores = new[] { Store("2"), Store("4"), Store("6"), Store("8") };
        var m = Assert.Single(MetricsHandlers.Aggregate(stores, ["m"], []).Metrics);
        Assert.Equal((2.0, 8.0, 5.0, 20.0), (m.Min!.Value, m.Max!.Value, m.Avg!.Value, m.Sum!.Value));
        // Mean absolute deviation (3+1+1+3)/4 = 2 over the mean 5: 40 %.
        Assert.Equal(40.0, m.Skew!.Value, 9);
        var only = Assert.Single(MetricsHandlers.Aggregate(stores, ["m"], [AggregationMode.Max]).Metrics);
        Assert.Equal((null, 8.0, null, null, null), (only.Min, only.Max, only.Avg, only.Sum, only.Skew));
    }

    [Fact]
    public void Skew_is_capped_at_100_and_zero_for_a_zero_mean()
    {
        Assert.Equal(100.0, MetricsHandlers.Skew([0, 0, 0, 100]));
        Assert.Equal(0.0, MetricsHandlers.Skew([0, 0]));
    }

    [Fact]
    public void Non_numeric_and_missing_metrics_are_left_out()
    {
        var stores = new[] { Store("abc"), Store("1") };
        Assert.Empty(MetricsHandlers.Aggregate(stores, ["m", "other"], []).Metrics);
        Assert.Equal(["m"], MetricsHandlers.Aggregate(stores, [], []).Metrics.Select(a => a.Id));
    }

    [Fact]
    public void Subtask_ranges_parse_as_flink_reads_them()
    {
        Assert.Equal([5, 6, 7, 8, 9], MetricsHandlers.ParseSubtaskRange("5-9"));
        Assert.Equal([3], MetricsHandlers.ParseSubtaskRange("3"));
        Assert.ThrowsAny<FormatException>(() => MetricsHandlers.ParseSubtaskRange("1-x"));
        Assert.ThrowsAny<FormatException>(() => MetricsHandlers.ParseSubtaskRange("9-5"));
    }

    [Theory]
    [InlineData(0.10, "ok")]
    [InlineData(0.11, "low")]
    [InlineData(0.5, "low")]
    [InlineData(0.51, "high")]
    public void Back_pressure_levels_use_flinks_thresholds(double ratio, string level) => Assert.Equal(level, MetricsHandlers.Level(ratio));

    [Fact]
    public void A_meter_view_reports_the_rate_over_sixty_seconds()
    {
        var counter = new SimpleCounter();
        var meter = new MeterView(counter);
        counter.Inc(600);
        meter.Update();
        // One 5 s update seen of the 60 s span: Flink's MeterView divides by the whole span.
        Assert.Equal(10.0, meter.Rate);
        for (var i = 0; i < 12; i++) meter.Update();
        Assert.Equal(0.0, meter.Rate);
    }

    [Fact]
    public void Histogram_statistics_over_the_window()
    {
        var h = new DescriptiveStatisticsHistogram(4);
        foreach (var v in new long[] { 100, 1, 2, 3, 4 }) h.Update(v);
        var s = h.GetStatistics();
        Assert.Equal((4L, 1L, 4L, 2.5), (s.Size, s.Min, s.Max, s.Mean));
        Assert.Equal(2.5, s.GetQuantile(0.5));
        Assert.Equal(5, h.Count);
    }
}
