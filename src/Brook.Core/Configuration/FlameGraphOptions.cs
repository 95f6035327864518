namespace Brook.Core.Configuration;

/// <summary>Flink's rest.flamegraph.* options (RestOptions): whether and how the task threads of a vertex are sampled.</summary>
public static class FlameGraphOptions
{
    public static readonly ConfigOption<bool> Enabled = new("rest.flamegraph.enabled", false, ConfigParsers.Bool,
        "Enables the experimental flame graph feature.", b => b ? "true" : "false");

    public static readonly ConfigOption<TimeSpan> CleanupInterval = new("rest.flamegraph.cleanup-interval", TimeSpan.FromMinutes(10), PositiveDuration,
        "Time after which cached stats are cleaned up if not accessed.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> RefreshInterval = new("rest.flamegraph.refresh-interval", TimeSpan.FromMinutes(1), PositiveDuration,
        "Time after which available stats are deprecated and need to be refreshed (by resampling).", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<int> NumSamples = new("rest.flamegraph.num-samples", 100, ConfigParsers.PositiveInt,
        "Number of samples to take to build a FlameGraph.");

    public static readonly ConfigOption<TimeSpan> DelayBetweenSamples = new("rest.flamegraph.delay-between-samples", TimeSpan.FromMilliseconds(50),
        ConfigParsers.Duration, "Delay between samples to build a FlameGraph.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<int> StackDepth = new("rest.flamegraph.stack-depth", 100, ConfigParsers.PositiveInt,
        "Maximum depth of stack traces used to create FlameGraphs.");

    public static readonly IReadOnlyList<IConfigOption> All = [Enabled, CleanupInterval, RefreshInterval, NumSamples, DelayBetweenSamples, StackDepth];

    private static TimeSpan PositiveDuration(string s)
    {
        var d = ConfigParsers.Duration(s);
        return d > TimeSpan.Zero ? d : throw new FormatException("must be greater than 0");
    }
}
