using Brook.Core.Configuration;
using Brook.Runtime.Metrics;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Metrics;

/// <summary>Starts the reporters that metrics.reporter.* configures (Flink's ReporterSetup); an unknown factory is logged and skipped, as in Flink.</summary>
public static class MetricReporters
{
    public static IReadOnlyList<IDisposable> Start(Configuration config, MetricRegistry metrics, ILogger log)
    {
        var started = new List<IDisposable>();
        if (!metrics.IsEnabled) return started;
        try
        {
            foreach (var r in MetricReporterConfiguration.FromConfiguration(config))
            {
                switch (r.FactoryClass)
                {
                    case MetricReporterConfiguration.PrometheusFactory:
                        started.Add(new PrometheusReporter(metrics, r.Properties, log));
                        break;
                    case MetricReporterConfiguration.OpenTelemetryFactory:
                        started.Add(new OpenTelemetryMetricReporter(metrics, r.Properties, log));
                        break;
                    default:
                        log.LogWarning("Could not find a metric reporter factory {Factory} for reporter {Name}; it is not started.", r.FactoryClass, r.Name);
                        break;
                }
            }
        }
        catch
        {
            foreach (var s in started) s.Dispose();
            throw;
        }
        return started;
    }
}
