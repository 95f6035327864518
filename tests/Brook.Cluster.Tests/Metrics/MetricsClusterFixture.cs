using Brook.Cluster.Tests.Recovery;
using Brook.Core.Configuration;

namespace Brook.Cluster.Tests.Metrics;

/// <summary>A local cluster whose REST metric store refreshes on every request, pulsing progress on every metric view update.</summary>
public sealed class MetricsClusterFixture : RecoveryClusterFixture
{
    protected override void Configure(Configuration config)
    {
        base.Configure(config);
        config.Set(MetricOptions.FetcherUpdateInterval, TimeSpan.Zero);
    }

    public void WatchViews() => Cluster.MetricRegistry.ViewsUpdated += Progress.Pulse;
}
