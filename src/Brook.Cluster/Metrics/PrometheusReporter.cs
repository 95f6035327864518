using System.Net;
using System.Text.RegularExpressions;
using Brook.Core.Configuration;
using Brook.Runtime.Metrics;
using BrookCounter = Brook.Streaming.Metrics.ICounter;
using BrookGauge = Brook.Streaming.Metrics.IGauge;
using BrookHistogram = Brook.Streaming.Metrics.IHistogram;
using BrookMeter = Brook.Streaming.Metrics.IMeter;
using BrookMetric = Brook.Streaming.Metrics.IMetric;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Brook.Cluster.Metrics;

/// <summary>
/// Flink's PrometheusReporter on prometheus-net: an HTTP endpoint (the first free port of
/// <c>metrics.reporter.&lt;name&gt;.port</c>, default 9249) whose scrape reads every registered metric. Names and labels
/// follow Flink's AbstractPrometheusReporter: <c>flink_&lt;logical scope&gt;_&lt;name&gt;</c> with [^a-zA-Z0-9:_] replaced by
/// '_', labels from the group's variables without angle brackets; counters, meters and gauges are gauges, histograms
/// their quantiles (label <c>quantile</c>) and a <c>_count</c>.
/// </summary>
public sealed partial class PrometheusReporter : IDisposable
{
    private const string DefaultPort = "9249";
    private readonly MetricRegistry _metrics;
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly MetricFactory _factory;
    private readonly bool _filterLabelValues;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (Gauge Gauge, string[] Labels)> _families = new(StringComparer.Ordinal);
    private readonly MetricServer _server;

    private static readonly double[] Quantiles = [0.5, 0.75, 0.95, 0.98, 0.99, 0.999];

    public PrometheusReporter(MetricRegistry metrics, IReadOnlyDictionary<string, string> properties, ILogger log)
    {
        _metrics = metrics;
        _factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _filterLabelValues = !properties.TryGetValue("filterLabelValueCharacters", out var filter) || ConfigParsers.Bool(filter);
        _registry.AddBeforeCollectCallback(Collect);
        var ports = MetricReporterConfiguration.ParsePorts(properties.GetValueOrDefault("port") ?? DefaultPort);
        // Secure by default (as the REST endpoint): loopback unless metrics.reporter.<name>.host opens it (0.0.0.0 or * for every interface, Flink's binding).
        var host = properties.GetValueOrDefault("host") is { Length: > 0 } h ? (h is "0.0.0.0" or "*" ? "+" : h) : "localhost";
        foreach (var port in ports)
        {
            var server = new MetricServer(hostname: host, port: port, url: "metrics/", registry: _registry);
            try
            {
                server.Start();
                _server = server;
                Port = port;
                log.LogInformation("Started PrometheusReporter HTTP server on port {Port}.", port);
                return;
            }
            catch (HttpListenerException e)
            {
                log.LogDebug(e, "Port {Port} is not free for the PrometheusReporter.", port);
                server.Dispose();
            }
        }
        throw new ConfigurationException($"Could not start PrometheusReporter HTTP server on any port in {properties.GetValueOrDefault("port") ?? DefaultPort}.");
    }

    /// <summary>The port the reporter serves on.</summary>
    public int Port { get; }

    /// <summary>Flink's replaceInvalidChars: only [a-zA-Z0-9:_] are valid in names.</summary>
    public static string ReplaceInvalidChars(string input) => InvalidChars().Replace(input, "_");

    /// <summary>flink_ + the logical scope with '_' between its parts + the metric name, each filtered.</summary>
    public static string ScopedName(MetricGroup group, string name) =>
        "flink_" + string.Join('_', group.LogicalScope.Split('.').Select(ReplaceInvalidChars)) + "_" + ReplaceInvalidChars(name);

    private void Collect()
    {
        lock (_lock)
        {
            var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var m in _metrics.Metrics)
            {
                if (m.Group.IsClosed) continue;
                var name = ScopedName(m.Group, m.Name);
                var labelNames = m.Group.AllVariables.Keys.Select(k => ReplaceInvalidChars(k.Trim('<', '>'))).ToArray();
                var labelValues = m.Group.AllVariables.Values.Select(v => _filterLabelValues ? ReplaceInvalidChars(v) : v).ToArray();
                if (labelNames.Distinct(StringComparer.Ordinal).Count() != labelNames.Length) continue;
                if (m.Metric is BrookHistogram h)
                {
                    var stats = h.GetStatistics();
                    Set(seen, name + "_count", labelNames, labelValues, h.Count, $"{m.Name} (scope: {m.Group.LogicalScope})");
                    foreach (var q in Quantiles)
                    {
                        Set(seen, name, [.. labelNames, "quantile"], [.. labelValues, q.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                            stats.GetQuantile(q), $"{m.Name} (scope: {m.Group.LogicalScope})");
                    }
                    continue;
                }
                Set(seen, name, labelNames, labelValues, Value(m.Metric), $"{m.Name} (scope: {m.Group.LogicalScope})");
            }
            foreach (var (name, family) in _families)
            {
                var live = seen.GetValueOrDefault(name);
                foreach (var values in family.Gauge.GetAllLabelValues().ToList())
                {
                    if (live is null || !live.Contains(string.Join('\u0001', values))) family.Gauge.RemoveLabelled(values);
                }
            }
        }
    }

    private void Set(Dictionary<string, HashSet<string>> seen, string name, string[] labelNames, string[] labelValues, double value, string help)
    {
        if (!_families.TryGetValue(name, out var family))
        {
            family = (_factory.CreateGauge(name, help, new GaugeConfiguration { LabelNames = labelNames }), labelNames);
            _families[name] = family;
        }
        // A family keeps the labels it was made with (Prometheus refuses mixed label sets in one family, as Flink's reporter does).
        if (!family.Labels.SequenceEqual(labelNames, StringComparer.Ordinal)) return;
        family.Gauge.WithLabels(labelValues).Set(value);
        if (!seen.TryGetValue(name, out var set)) seen[name] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(string.Join('\u0001', labelValues));
    }

    /// <summary>As Flink's gaugeFrom: numbers as they are, booleans as 1/0, anything else (or nothing) as 0.</summary>
    private static double Value(BrookMetric metric) => metric switch
    {
        BrookCounter c => c.Count,
        BrookMeter m => m.Rate,
        BrookGauge g => g.Value switch
        {
            double d => d,
            float f => f,
            bool b => b ? 1 : 0,
            IConvertible n when n is sbyte or byte or short or ushort or int or uint or long or ulong or decimal => n.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
            _ => 0,
        },
        _ => 0,
    };

    [GeneratedRegex("[^a-zA-Z0-9:_]")]
    private static partial Regex InvalidChars();

    public void Dispose()
    {
        _server.Dispose();
    }
}
