using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Brook.Cluster.Tests.Metrics;

/// <summary>A strict parser of Prometheus's text exposition format (0.0.4): any line it cannot read fails the test.</summary>
internal static partial class PrometheusTextParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public static (IReadOnlyList<Sample> Samples, IReadOnlyDictionary<string, string> Types) Parse(string text)
    {
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                var m = Comment().Match(line);
                if (!m.Success) throw new FormatException($"Bad comment line: {line}");
                if (m.Groups[1].Value == "TYPE")
                {
                    var type = m.Groups[3].Value;
                    if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped")) throw new FormatException($"Bad type: {line}");
                    if (!types.TryAdd(m.Groups[2].Value, type)) throw new FormatException($"Second TYPE for {m.Groups[2].Value}");
                }
                continue;
            }
            samples.Add(ParseSample(line));
        }
        return (samples, types);
    }

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        var name = line[..i];
        if (!MetricName().IsMatch(name)) throw new FormatException($"Bad metric name in: {line}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = line[i..eq];
                if (!LabelName().IsMatch(label)) throw new FormatException($"Bad label name {label} in: {line}");
                if (line[eq + 1] != '"') throw new FormatException($"Unquoted label value in: {line}");
                var value = new StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"Bad escape in: {line}") });
                    }
                    else value.Append(line[j]);
                }
                if (!labels.TryAdd(label, value.ToString())) throw new FormatException($"Label {label} twice in: {line}");
                i = j + 1;
                if (line[i] == ',') i++;
                else if (line[i] != '}') throw new FormatException($"Bad label separator in: {line}");
            }
            i++;
        }
        if (line[i] != ' ') throw new FormatException($"No space before the value in: {line}");
        var parts = line[(i + 1)..].Split(' ');
        if (parts.Length is < 1 or > 2) throw new FormatException($"Bad value in: {line}");
        var v = parts[0] switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        if (parts.Length == 2) _ = long.Parse(parts[1], CultureInfo.InvariantCulture);
        return new Sample(name, labels, v);
    }

    [GeneratedRegex("^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$")]
    private static partial Regex Comment();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
