namespace Brook.Core.Configuration;

/// <summary>Flink's metric options (MetricOptions, the Prometheus reporter's options) under Flink's keys.</summary>
public static class MetricOptions
{
    public static readonly ConfigOption<TimeSpan> FetcherUpdateInterval = new("metrics.fetcher.update-interval", TimeSpan.FromSeconds(10),
        ConfigParsers.Duration, "How often the REST endpoint refreshes its metric store; metric requests in between read the last one. 0 refreshes on every request.",
        ConfigParsers.FormatDuration);

    /// <summary>
    /// Brook's switch for the metric system (groups, per-operator counting, reporters); the task-level measurements the job
    /// views show are always taken. Off only to measure what the metric system costs.
    /// </summary>
    public static readonly ConfigOption<bool> SystemEnabled = new("metrics.system.enabled", true, ConfigParsers.Bool,
        "Whether metric groups, per-operator counters and reporters run (Brook-specific; the job views' task figures are always measured).");

    public static readonly IReadOnlyList<IConfigOption> All = [FetcherUpdateInterval, SystemEnabled];
}
