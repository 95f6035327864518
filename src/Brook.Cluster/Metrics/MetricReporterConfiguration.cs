using Brook.Core.Configuration;

namespace Brook.Cluster.Metrics;

/// <summary>
/// Flink's reporter configuration: <c>metrics.reporter.&lt;name&gt;.factory.class</c> names the reporter and its other
/// <c>metrics.reporter.&lt;name&gt;.*</c> keys configure it; <c>metrics.reporters</c>, when set, lists the names to start.
/// </summary>
public sealed record MetricReporterConfiguration(string Name, string FactoryClass, IReadOnlyDictionary<string, string> Properties)
{
    public const string PrometheusFactory = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    public const string OpenTelemetryFactory = "org.apache.flink.metrics.otel.OpenTelemetryMetricReporterFactory";

    public static IReadOnlyList<MetricReporterConfiguration> FromConfiguration(Configuration config)
    {
        const string prefix = "metrics.reporter.";
        var byName = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (key, value) in config.Entries())
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = key[prefix.Length..];
            var dot = rest.IndexOf('.');
            if (dot <= 0) continue;
            var name = rest[..dot];
            if (!byName.TryGetValue(name, out var properties)) byName[name] = properties = new Dictionary<string, string>(StringComparer.Ordinal);
            properties[rest[(dot + 1)..]] = value;
        }
        HashSet<string>? enabled = config.TryGetRaw("metrics.reporters", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : null;
        return byName.Where(kv => enabled is null || enabled.Contains(kv.Key))
            .Select(kv => new MetricReporterConfiguration(kv.Key, kv.Value.GetValueOrDefault("factory.class") ?? "", kv.Value))
            .Where(r => r.FactoryClass.Length > 0)
            .ToList();
    }

    /// <summary>A port or a range like 9249-9260 (Flink's port option): the ports to try, in order.</summary>
    public static IReadOnlyList<int> ParsePorts(string value)
    {
        var ports = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            var start = ConfigParsers.Port(dash < 0 ? part : part[..dash]);
            var end = dash < 0 ? start : ConfigParsers.Port(part[(dash + 1)..]);
            if (end < start) throw new ConfigurationException($"Invalid port range '{value}': {end} is below {start}.");
            for (var p = start; p <= end; p++) ports.Add(p);
        }
        if (ports.Count == 0) throw new ConfigurationException($"Invalid port range '{value}'.");
        return ports;
    }
}
