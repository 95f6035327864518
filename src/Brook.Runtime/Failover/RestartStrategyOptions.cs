using Brook.Core.Configuration;

namespace Brook.Runtime.Failover;

/// <summary>The restart strategy options under Flink 2.x's keys with Flink's defaults (RestartStrategyOptions).</summary>
public static class RestartStrategyOptions
{
    /// <summary>Flink's deprecated key for <c>restart-strategy.type</c>, still read.</summary>
    public const string DeprecatedTypeKey = "restart-strategy";

    /// <summary>The strategy type; unset means exponential-delay with default values when checkpointing is on, else none.</summary>
    public static ConfigOption<string?> Type => CoreOptions.RestartStrategyType;

    public static readonly ConfigOption<int> FixedDelayAttempts = new("restart-strategy.fixed-delay.attempts", 1, ConfigParsers.Int,
        "The number of times that Brook retries the execution before the job is declared as failed (fixed-delay).");

    public static readonly ConfigOption<TimeSpan> FixedDelayDelay = new("restart-strategy.fixed-delay.delay", TimeSpan.FromSeconds(1), ConfigParsers.Duration,
        "Delay between two consecutive restart attempts (fixed-delay).", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<int> FailureRateMaxFailuresPerInterval = new("restart-strategy.failure-rate.max-failures-per-interval", 1,
        ConfigParsers.Int, "Maximum number of restarts in the given time interval before failing the job (failure-rate).");

    public static readonly ConfigOption<TimeSpan> FailureRateInterval = new("restart-strategy.failure-rate.failure-rate-interval", TimeSpan.FromMinutes(1),
        ConfigParsers.Duration, "Time interval for measuring the failure rate (failure-rate).", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> FailureRateDelay = new("restart-strategy.failure-rate.delay", TimeSpan.FromSeconds(1), ConfigParsers.Duration,
        "Delay between two consecutive restart attempts (failure-rate).", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> ExponentialDelayInitialBackoff = new("restart-strategy.exponential-delay.initial-backoff",
        TimeSpan.FromSeconds(1), ConfigParsers.Duration, "Starting duration between restarts (exponential-delay).", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> ExponentialDelayMaxBackoff = new("restart-strategy.exponential-delay.max-backoff",
        TimeSpan.FromMinutes(1), ConfigParsers.Duration, "The highest possible duration between restarts (exponential-delay).", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<double> ExponentialDelayBackoffMultiplier = new("restart-strategy.exponential-delay.backoff-multiplier", 1.5,
        ConfigParsers.Double, "Backoff value is multiplied by this value after every failure until max backoff is reached (exponential-delay).",
        v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static readonly ConfigOption<TimeSpan> ExponentialDelayResetBackoffThreshold = new("restart-strategy.exponential-delay.reset-backoff-threshold",
        TimeSpan.FromHours(1), ConfigParsers.Duration,
        "How long the job must run without failure to reset the backoff to its initial value (exponential-delay).", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<double> ExponentialDelayJitterFactor = new("restart-strategy.exponential-delay.jitter-factor", 0.1,
        ConfigParsers.Double, "Jitter as a portion of the backoff, added or subtracted at random (exponential-delay).",
        v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static readonly ConfigOption<int> ExponentialDelayAttemptsBeforeResetBackoff = new("restart-strategy.exponential-delay.attempts-before-reset-backoff",
        int.MaxValue, ConfigParsers.Int, "The number of restarts before the job fails, counted again once the backoff was reset (exponential-delay).");

    /// <summary>Flink's JobManagerOptions.EXECUTION_FAILOVER_STRATEGY.</summary>
    public static readonly ConfigOption<string> FailoverStrategy = new("jobmanager.execution.failover-strategy", "region", ConfigParsers.String,
        "Which tasks restart after a task failure: 'full' restarts all tasks, 'region' the pipelined region of the failed task.");
}
