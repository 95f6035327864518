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
        config.SetRaw("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        // A range, as Flink's docs suggest for several processes on one host: the first free port is taken.
        config.SetRaw("metrics.reporter.prom.port", $"{PortBase}-{PortBase + 40}");
    }

    private static readonly int PortBase = 20000 + Random.Shared.Next(0, 20000);

    public void WatchViews() => Cluster.MetricRegistry.ViewsUpdated += Progress.Pulse;
}
