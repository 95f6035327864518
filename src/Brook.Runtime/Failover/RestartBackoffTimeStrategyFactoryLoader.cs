using System.Globalization;
using System.Text;
using Brook.Core.Configuration;

namespace Brook.Runtime.Failover;

/// <summary>
/// Picks a job's restart strategy as Flink's RestartBackoffTimeStrategyFactoryLoader does: the strategy set in the job's
/// configuration, else the one in the cluster's, else exponential-delay with its default values when checkpointing is
/// enabled and none otherwise. The strategy's parameters come from the configuration that named it.
/// </summary>
public static class RestartBackoffTimeStrategyFactoryLoader
{
    /// <summary>A factory of fresh strategies (one per job run); fails at once, naming the key, on a bad type or value.</summary>
    internal static Func<IRestartBackoffTimeStrategy> CreateFactory(Configuration job, Configuration cluster, bool checkpointingEnabled, TimeProvider time)
    {
        var factory = FromConfiguration(job, time) ?? FromConfiguration(cluster, time) ?? Default(checkpointingEnabled, time);
        try
        {
            _ = factory();
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"Invalid restart strategy configuration: {e.Message}", e);
        }
        return factory;
    }

    /// <summary>The configured type name (<c>restart-strategy.type</c>, or Flink's deprecated <c>restart-strategy</c>); null when unset.</summary>
    internal static string? ConfiguredType(Configuration configuration) =>
        configuration.TryGetRaw(RestartStrategyOptions.Type.Key, out var v) || configuration.TryGetRaw(RestartStrategyOptions.DeprecatedTypeKey, out v) ? v : null;

    /// <summary>The job configuration's restart strategy as Flink's RestartStrategyDescriptionUtils words it (the job config view).</summary>
    public static string Describe(Configuration job)
    {
        var name = ConfiguredType(job);
        if (name is null) return "Cluster level default restart strategy";
        return Parse(name) switch
        {
            RestartStrategyType.NoRestart => "Restart deactivated.",
            RestartStrategyType.FixedDelay => string.Create(CultureInfo.InvariantCulture,
                $"Restart with fixed delay ({JavaDuration(job.Get(RestartStrategyOptions.FixedDelayDelay))}). #{job.Get(RestartStrategyOptions.FixedDelayAttempts)} restart attempts."),
            RestartStrategyType.FailureRate => string.Create(CultureInfo.InvariantCulture,
                $"Failure rate restart with maximum of {job.Get(RestartStrategyOptions.FailureRateMaxFailuresPerInterval)} failures within interval " +
                $"{JavaDuration(job.Get(RestartStrategyOptions.FailureRateInterval))} and fixed delay {JavaDuration(job.Get(RestartStrategyOptions.FailureRateDelay))}."),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"Restart with exponential delay: starting at {JavaDuration(job.Get(RestartStrategyOptions.ExponentialDelayInitialBackoff))}, increasing by " +
                $"{job.Get(RestartStrategyOptions.ExponentialDelayBackoffMultiplier):F6}, with maximum {JavaDuration(job.Get(RestartStrategyOptions.ExponentialDelayMaxBackoff))}. " +
                $"Delay resets after {JavaDuration(job.Get(RestartStrategyOptions.ExponentialDelayResetBackoffThreshold))} with jitter " +
                $"{job.Get(RestartStrategyOptions.ExponentialDelayJitterFactor):F6}"),
        };
    }

    private static Func<IRestartBackoffTimeStrategy>? FromConfiguration(Configuration c, TimeProvider time)
    {
        var name = ConfiguredType(c);
        if (name is null) return null;
        switch (Parse(name))
        {
            case RestartStrategyType.NoRestart:
                return () => NoRestartBackoffTimeStrategy.Instance;
            case RestartStrategyType.FixedDelay:
            {
                var attempts = c.Get(RestartStrategyOptions.FixedDelayAttempts);
                var delay = Millis(c.Get(RestartStrategyOptions.FixedDelayDelay));
                return () => new FixedDelayRestartBackoffTimeStrategy(attempts, delay);
            }
            case RestartStrategyType.FailureRate:
            {
                var max = c.Get(RestartStrategyOptions.FailureRateMaxFailuresPerInterval);
                var interval = Millis(c.Get(RestartStrategyOptions.FailureRateInterval));
                var delay = Millis(c.Get(RestartStrategyOptions.FailureRateDelay));
                return () => new FailureRateRestartBackoffTimeStrategy(time, max, interval, delay);
            }
            default:
                return ExponentialDelay(time, c.Get(RestartStrategyOptions.ExponentialDelayInitialBackoff), c.Get(RestartStrategyOptions.ExponentialDelayMaxBackoff),
                    c.Get(RestartStrategyOptions.ExponentialDelayBackoffMultiplier), c.Get(RestartStrategyOptions.ExponentialDelayResetBackoffThreshold),
                    c.Get(RestartStrategyOptions.ExponentialDelayJitterFactor), c.Get(RestartStrategyOptions.ExponentialDelayAttemptsBeforeResetBackoff));
        }
    }

    /// <summary>As in Flink, the default exponential-delay strategy uses the options' default values, not configured ones.</summary>
    private static Func<IRestartBackoffTimeStrategy> Default(bool checkpointingEnabled, TimeProvider time) =>
        checkpointingEnabled
            ? ExponentialDelay(time, RestartStrategyOptions.ExponentialDelayInitialBackoff.Default, RestartStrategyOptions.ExponentialDelayMaxBackoff.Default,
                RestartStrategyOptions.ExponentialDelayBackoffMultiplier.Default, RestartStrategyOptions.ExponentialDelayResetBackoffThreshold.Default,
                RestartStrategyOptions.ExponentialDelayJitterFactor.Default, RestartStrategyOptions.ExponentialDelayAttemptsBeforeResetBackoff.Default)
            : () => NoRestartBackoffTimeStrategy.Instance;

    private static Func<IRestartBackoffTimeStrategy> ExponentialDelay(TimeProvider time, TimeSpan initial, TimeSpan max, double multiplier, TimeSpan reset,
        double jitter, int attempts) =>
        () => new ExponentialDelayRestartBackoffTimeStrategy(time, Millis(initial), Millis(max), multiplier, Millis(reset), jitter, attempts);

    private static RestartStrategyType Parse(string name)
    {
        try
        {
            return RestartStrategyTypes.Parse(name);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException($"Could not parse value '{name}' for key '{RestartStrategyOptions.Type.Key}': {e.Message}", e);
        }
    }

    private static long Millis(TimeSpan d) => (long)d.TotalMilliseconds;

    /// <summary>Java's Duration.toString (ISO-8601, e.g. PT10S, PT1M30S, PT0.5S), which Flink's descriptions print.</summary>
    internal static string JavaDuration(TimeSpan d)
    {
        if (d == TimeSpan.Zero) return "PT0S";
        var totalSeconds = (long)Math.Floor(d.TotalSeconds);
        var hours = totalSeconds / 3600;
        var minutes = totalSeconds % 3600 / 60;
        var seconds = totalSeconds % 60;
        var fractionTicks = d.Ticks - totalSeconds * TimeSpan.TicksPerSecond;
        var sb = new StringBuilder("PT");
        if (hours != 0) sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('H');
        if (minutes != 0) sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
        if (seconds == 0 && fractionTicks == 0 && sb.Length > 2) return sb.ToString();
        sb.Append(seconds.ToString(CultureInfo.InvariantCulture));
        if (fractionTicks > 0) sb.Append('.').Append((fractionTicks * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        return sb.Append('S').ToString();
    }
}
