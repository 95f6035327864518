namespace Brook.Runtime.Checkpointing;

/// <summary>
/// One figure's summary (Flink's StatsSummarySnapshot): count, minimum, maximum and average (0 when there is no
/// value, as Flink), and the percentiles Flink reports, taken over the window of latest values.
/// </summary>
public sealed record StatsSummarySnapshot(long Count, long Minimum, long Maximum, long Average, double P50, double P90, double P95, double P99, double P999)
{
    public static readonly StatsSummarySnapshot Empty = Of(0, 0, 0, 0, []);

    /// <summary>Summarizes <paramref name="values"/> as they are (for per-subtask summaries of one checkpoint).</summary>
    public static StatsSummarySnapshot Of(IReadOnlyCollection<long> values) =>
        values.Count == 0 ? Empty : Of(values.Count, values.Min(), values.Max(), values.Sum() / values.Count, values);

    internal static StatsSummarySnapshot Of(long count, long min, long max, long average, IEnumerable<long> window)
    {
        var sorted = window.Order().ToArray();
        return new StatsSummarySnapshot(count, min, max, average,
            Quantile(sorted, 0.50), Quantile(sorted, 0.90), Quantile(sorted, 0.95), Quantile(sorted, 0.99), Quantile(sorted, 0.999));
    }

    /// <summary>
    /// The quantile as Flink computes it (commons-math Percentile, legacy estimation): position q·(n+1), linear
    /// between neighbours, clamped to the smallest and largest value. NaN when there is no value, as Flink.
    /// </summary>
    public static double Quantile(IReadOnlyList<long> sorted, double quantile)
    {
        var n = sorted.Count;
        if (n == 0) return double.NaN;
        if (n == 1) return sorted[0];
        var position = quantile * (n + 1);
        if (position < 1) return sorted[0];
        if (position >= n) return sorted[n - 1];
        var floor = Math.Floor(position);
        var lower = sorted[(int)floor - 1];
        var upper = sorted[(int)floor];
        return lower + (position - floor) * (upper - lower);
    }
}
