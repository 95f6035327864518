using YamlDotNet.RepresentationModel;

namespace Brook.Core.Configuration;

/// <summary>
/// Reads <c>config.yaml</c> (nested maps and flat dotted keys both work, as in Flink 2) and applies
/// <c>-Dkey=value</c> overrides on top. Any known option with a bad value fails here, naming key and value.
/// </summary>
public static class ConfigurationLoader
{
    public const string FileName = "config.yaml";

    public static Configuration Load(string? confDir, IEnumerable<string> dynamicProperties)
    {
        var config = new Configuration();
        if (confDir is not null)
        {
            var path = Path.Combine(confDir, FileName);
            if (File.Exists(path))
            {
                foreach (var (k, v) in ParseYaml(File.ReadAllText(path), path)) config.SetRaw(k, v);
            }
            else if (!Directory.Exists(confDir))
            {
                throw new ConfigurationException($"The configuration directory '{confDir}' does not exist.");
            }
        }
        foreach (var p in dynamicProperties)
        {
            var (k, v) = ParseDynamicProperty(p);
            config.SetRaw(k, v);
        }
        config.Validate();
        return config;
    }

    /// <summary>Parses "key=value" (the part after -D).</summary>
    public static (string Key, string Value) ParseDynamicProperty(string property)
    {
        var s = property.StartsWith("-D", StringComparison.Ordinal) ? property[2..] : property;
        var eq = s.IndexOf('=');
        if (eq <= 0) throw new ConfigurationException($"Invalid dynamic property '{property}': expected key=value.");
        return (s[..eq].Trim(), s[(eq + 1)..].Trim());
    }

    public static IEnumerable<KeyValuePair<string, string>> ParseYaml(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigurationException($"Could not parse {source}: {e.Message}", e);
        }
        if (stream.Documents.Count == 0) return [];
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" }) return [];
        if (root is not YamlMappingNode map) throw new ConfigurationException($"{source} must hold a map of keys to values.");
        var result = new List<KeyValuePair<string, string>>();
        Flatten(map, "", result);
        return result;
    }

    private static void Flatten(YamlMappingNode map, string prefix, List<KeyValuePair<string, string>> into)
    {
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = prefix + ((YamlScalarNode)keyNode).Value;
            switch (valueNode)
            {
                case YamlMappingNode child:
                    Flatten(child, key + ".", into);
                    break;
                case YamlSequenceNode seq:
                    into.Add(new(key, string.Join(';', seq.Children.Select(c => (c as YamlScalarNode)?.Value ?? ""))));
                    break;
                case YamlScalarNode scalar:
                    into.Add(new(key, scalar.Value ?? ""));
                    break;
            }
        }
    }
}
