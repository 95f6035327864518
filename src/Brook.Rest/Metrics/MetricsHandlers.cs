using Brook.Rest.Messages;

namespace Brook.Rest.Metrics;

/// <summary>
/// The metric endpoints' logic over a MetricStore (Flink's AbstractMetricsHandler and AbstractAggregatingMetricsHandler),
/// as pure functions: without <c>get</c> the available ids, with it the values (unknown names are left out); the
/// aggregating variants compute the requested aggregates over the selected components.
/// </summary>
public static class MetricsHandlers
{
    public static MetricCollectionResponseBody Get(ComponentMetricStore? store, IReadOnlyList<string> requested)
    {
        if (store is null) return new MetricCollectionResponseBody([]);
        if (requested.Count == 0) return new MetricCollectionResponseBody(store.Metrics.Keys.Order(StringComparer.Ordinal).Select(k => new Metric(k, null)).ToList());
        return new MetricCollectionResponseBody(requested.Distinct(StringComparer.Ordinal)
            .Select(name => store.Get(name) is { } v ? new Metric(name, v) : null).OfType<Metric>().ToList());
    }

    public static AggregatedMetricsResponseBody Aggregate(IReadOnlyCollection<ComponentMetricStore>? stores, IReadOnlyList<string> requested,
        IReadOnlyList<AggregationMode> modes)
    {
        if (stores is null) return new AggregatedMetricsResponseBody([]);
        if (requested.Count == 0)
        {
            return new AggregatedMetricsResponseBody(stores.SelectMany(s => s.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(id => new AggregatedMetric(id)).ToList());
        }
        var all = modes.Count == 0 ? [AggregationMode.Min, AggregationMode.Max, AggregationMode.Avg, AggregationMode.Sum, AggregationMode.Skew] : modes.ToHashSet();
        var result = new List<AggregatedMetric>();
        foreach (var name in requested.Distinct(StringComparer.Ordinal))
        {
            var values = new List<double>();
            var numeric = true;
            foreach (var s in stores)
            {
                if (s.Get(name) is not { } raw) continue;
                if (!double.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                {
                    numeric = false;
                    break;
                }
                values.Add(v);
            }
            // As Flink: a metric that is not numeric cannot be aggregated and is left out, as is one no component has.
            if (!numeric || values.Count == 0) continue;
            result.Add(new AggregatedMetric(name,
                all.Contains(AggregationMode.Min) ? values.Min() : null,
                all.Contains(AggregationMode.Max) ? values.Max() : null,
                all.Contains(AggregationMode.Avg) ? values.Average() : null,
                all.Contains(AggregationMode.Sum) ? Sum(values) : null,
                all.Contains(AggregationMode.Skew) ? Skew(values) : null));
        }
        return new AggregatedMetricsResponseBody(result);
    }

    private static double Sum(List<double> values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum;
    }

    /// <summary>Flink's DoubleDataSkew: mean absolute deviation over the mean, in percent, at most 100; 0 when the mean is 0.</summary>
    public static double Skew(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return 0;
        var avg = values.Sum() / values.Count;
        if (avg == 0) return 0;
        var avgDev = values.Sum(v => Math.Abs(avg - v)) / values.Count;
        return Math.Min(avgDev / avg * 100.0, 100.0);
    }

    /// <summary>Flink's SubtasksFilterQueryParameter value: "1,3,5-9" (one comma-separated part is parsed at a time).</summary>
    public static int[] ParseSubtaskRange(string part)
    {
        var dash = part.IndexOf('-', 1);
        if (dash < 0) return [int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)];
        var start = int.Parse(part[..dash], System.Globalization.CultureInfo.InvariantCulture);
        var end = int.Parse(part[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (end < start) throw new FormatException($"Invalid subtask range {part}.");
        return Enumerable.Range(start, end - start + 1).ToArray();
    }

    /// <summary>The subtask stores selected by the <c>subtasks</c> parameter (all when it is absent); unknown indexes are skipped.</summary>
    public static IReadOnlyCollection<ComponentMetricStore>? Subtasks(TaskMetricStore? task, IReadOnlyList<int[]> ranges)
    {
        if (task is null) return null;
        if (ranges.Count == 0) return task.Subtasks.Values;
        return ranges.SelectMany(r => r).Distinct().Select(i => task.Subtasks.GetValueOrDefault(i)).OfType<ComponentMetricStore>().ToList();
    }

    /// <summary>Flink 1.13+'s JobVertexBackPressureHandler: ratios from the ms-per-second gauges, the level from the worst subtask.</summary>
    public static JobVertexBackPressureInfo BackPressure(TaskMetricStore? task, long lastUpdateTime)
    {
        if (task is null || task.Subtasks.Count == 0) return new JobVertexBackPressureInfo("deprecated");
        var subtasks = new List<SubtaskBackPressureInfo>();
        foreach (var (index, subtask) in task.Subtasks)
        {
            if (subtask.Attempts.Count <= 1)
            {
                subtasks.Add(SubtaskInfo(index, null, subtask, null));
                continue;
            }
            var current = subtask.Attempts.ContainsKey(subtask.RepresentativeAttempt) ? subtask.RepresentativeAttempt : subtask.Attempts.Keys.First();
            var others = subtask.Attempts.Where(a => a.Key != current).Select(a => SubtaskInfo(index, a.Key, a.Value, null)).ToList();
            subtasks.Add(SubtaskInfo(index, current, subtask.Attempts[current], others));
        }
        return new JobVertexBackPressureInfo("ok", Level(subtasks.Max(s => s.Ratio)), lastUpdateTime, subtasks);
    }

    private static SubtaskBackPressureInfo SubtaskInfo(int index, int? attempt, ComponentMetricStore store, IReadOnlyList<SubtaskBackPressureInfo>? others)
    {
        var ratio = Ratio(store, Runtime.Metrics.MetricNames.BackPressuredTimeMsPerSecond);
        return new SubtaskBackPressureInfo(index, attempt, Level(ratio), ratio, Ratio(store, Runtime.Metrics.MetricNames.IdleTimeMsPerSecond),
            Ratio(store, Runtime.Metrics.MetricNames.BusyTimeMsPerSecond), others);
    }

    private static double Ratio(ComponentMetricStore store, string name) =>
        double.TryParse(store.Get(name) ?? "0", System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v / 1000 : 0;

    /// <summary>ok up to 0.10, low up to 0.5, high above (Flink's thresholds).</summary>
    public static string Level(double ratio) => ratio <= 0.10 ? "ok" : ratio <= 0.5 ? "low" : "high";
}
