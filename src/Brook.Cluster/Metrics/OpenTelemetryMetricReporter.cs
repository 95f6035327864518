using System.Diagnostics.Metrics;
using Brook.Core.Configuration;
using Brook.Runtime.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using BrookCounter = Brook.Streaming.Metrics.ICounter;
using BrookGauge = Brook.Streaming.Metrics.IGauge;
using BrookHistogram = Brook.Streaming.Metrics.IHistogram;
using BrookMeter = Brook.Streaming.Metrics.IMeter;

namespace Brook.Cluster.Metrics;

/// <summary>
/// Flink 2.x's OpenTelemetryMetricReporter on the OpenTelemetry .NET SDK: every <c>metrics.reporter.&lt;name&gt;.interval</c>
/// (default 10 s) the registry's metrics go to an OTLP endpoint (<c>exporter.endpoint</c>, <c>exporter.protocol</c> gRPC or
/// HTTP, <c>exporter.timeout</c>, <c>service.name</c>, <c>service.version</c>) named <c>flink.&lt;logical scope&gt;.&lt;name&gt;</c>
/// with the group's variables as attributes. Counters are monotonic sums sent as deltas (as Flink's), gauges and meters'
/// rates gauges, histograms their mean (OpenTelemetry .NET has no observable summary).
/// </summary>
public sealed class OpenTelemetryMetricReporter : IDisposable
{
    private const string MeterName = "Brook.Metrics";
    private readonly MetricRegistry _metrics;
    private readonly Meter _meter = new(MeterName);
    private readonly MeterProvider _provider;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _instruments = new(StringComparer.Ordinal);
    private volatile Dictionary<string, List<RegisteredMetric>> _byName = new(StringComparer.Ordinal);
    private readonly Timer _sync;

    public OpenTelemetryMetricReporter(MetricRegistry metrics, IReadOnlyDictionary<string, string> properties, ILogger log)
    {
        _metrics = metrics;
        var interval = properties.TryGetValue("interval", out var i) ? ConfigParsers.Duration(i) : TimeSpan.FromSeconds(10);
        var protocol = properties.GetValueOrDefault("exporter.protocol")?.Trim().ToUpperInvariant() switch
        {
            null or "GRPC" => OtlpExportProtocol.Grpc,
            "HTTP" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new ConfigurationException($"Invalid value '{other}' of metrics.reporter.*.exporter.protocol: gRPC or HTTP."),
        };
        var resource = ResourceBuilder.CreateDefault().AddService(properties.GetValueOrDefault("service.name") ?? "Flink",
            serviceVersion: properties.GetValueOrDefault("service.version"));
        Sync();
        _provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(MeterName)
            .AddOtlpExporter((exporter, reader) =>
            {
                exporter.Protocol = protocol;
                if (properties.TryGetValue("exporter.endpoint", out var endpoint)) exporter.Endpoint = new Uri(endpoint);
                if (properties.TryGetValue("exporter.timeout", out var timeout)) exporter.TimeoutMilliseconds = (int)ConfigParsers.Duration(timeout).TotalMilliseconds;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                reader.TemporalityPreference = MetricReaderTemporalityPreference.Delta;
            })
            .Build();
        // Metrics registered later (new tasks) need their instruments before the next export.
        var syncEvery = TimeSpan.FromMilliseconds(Math.Max(100, interval.TotalMilliseconds / 2));
        _sync = new Timer(_ => Sync(), null, syncEvery, syncEvery);
        log.LogInformation("Started OpenTelemetryMetricReporter ({Protocol}, every {Interval}).", protocol, interval);
    }

    /// <summary>Flink's OTel name: flink. + the logical scope + . + the metric name.</summary>
    public static string Name(MetricGroup group, string name) => "flink." + group.LogicalScope + "." + name;

    private void Sync()
    {
        lock (_lock)
        {
            var byName = new Dictionary<string, List<RegisteredMetric>>(StringComparer.Ordinal);
            foreach (var m in _metrics.Metrics)
            {
                var name = Name(m.Group, m.Name);
                if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
                list.Add(m);
                if (!_instruments.Add(name)) continue;
                switch (m.Metric)
                {
                    case BrookCounter:
                        _meter.CreateObservableCounter(name, () => Observe(name, x => ((BrookCounter)x).Count));
                        break;
                    case BrookMeter:
                        _meter.CreateObservableGauge(name, () => Observe(name, x => ((BrookMeter)x).Rate));
                        break;
                    case BrookHistogram:
                        _meter.CreateObservableGauge(name, () => Observe(name, x => ((BrookHistogram)x).GetStatistics().Mean));
                        break;
                    case BrookGauge:
                        _meter.CreateObservableGauge(name, () => Observe(name, x => ((BrookGauge)x).Value switch
                        {
                            bool b => b ? 1 : 0,
                            IConvertible c when c is not string => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
                            _ => double.NaN,
                        }));
                        break;
                }
            }
            _byName = byName;
        }
    }

    private IEnumerable<Measurement<double>> Observe(string name, Func<Streaming.Metrics.IMetric, double> value)
    {
        if (!_byName.TryGetValue(name, out var metrics)) yield break;
        foreach (var m in metrics)
        {
            if (m.Group.IsClosed) continue;
            var v = value(m.Metric);
            if (double.IsNaN(v)) continue;
            yield return new Measurement<double>(v, m.Group.AllVariables.Select(kv => new KeyValuePair<string, object?>(kv.Key.Trim('<', '>'), kv.Value)).ToArray());
        }
    }

    public void Dispose()
    {
        _sync.Dispose();
        _provider.Dispose();
        _meter.Dispose();
    }
}
