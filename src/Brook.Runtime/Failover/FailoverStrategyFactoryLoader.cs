using Brook.Core.Configuration;
using Brook.Runtime.ExecutionGraph;

namespace Brook.Runtime.Failover;

/// <summary>Reads <c>jobmanager.execution.failover-strategy</c> (full | region) as Flink's FailoverStrategyFactoryLoader does.</summary>
internal static class FailoverStrategyFactoryLoader
{
    public static IFailoverStrategy Create(Configuration configuration, IReadOnlyList<ExecutionJobVertex> vertices)
    {
        var name = configuration.Get(RestartStrategyOptions.FailoverStrategy);
        return name.Trim().ToLowerInvariant() switch
        {
            "full" => new RestartAllFailoverStrategy(vertices),
            "region" => new RestartPipelinedRegionFailoverStrategy(vertices),
            _ => throw new ConfigurationException($"Unknown failover strategy: {name}"),
        };
    }
}
