namespace Brook.Runtime.Failover;

/// <summary>The restart strategies and the names Flink accepts for each (RestartStrategyOptions.RestartStrategyType).</summary>
internal enum RestartStrategyType
{
    NoRestart,
    FixedDelay,
    FailureRate,
    ExponentialDelay,
}

internal static class RestartStrategyTypes
{
    /// <summary>Parses a configured name case-insensitively; unknown names fail with Flink's message.</summary>
    public static RestartStrategyType Parse(string value) => value.ToLowerInvariant() switch
    {
        "disable" or "none" or "off" => RestartStrategyType.NoRestart,
        "fixed-delay" or "fixeddelay" => RestartStrategyType.FixedDelay,
        "failure-rate" or "failurerate" => RestartStrategyType.FailureRate,
        "exponential-delay" or "exponentialdelay" => RestartStrategyType.ExponentialDelay,
        _ => throw new ArgumentException($"{value.ToLowerInvariant()} is an unknown value of RestartStrategyType."),
    };
}
