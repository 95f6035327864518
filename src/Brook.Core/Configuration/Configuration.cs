namespace Brook.Core.Configuration;

/// <summary>
/// Flink-style configuration: raw string values under Flink's keys, read through typed options.
/// Thread-safe for reads; mutation is meant for start-up and per-job copies.
/// </summary>
public sealed class Configuration
{
    private readonly Dictionary<string, string> _values;

    public Configuration() => _values = new(StringComparer.Ordinal);

    public Configuration(IEnumerable<KeyValuePair<string, string>> values) => _values = new(values, StringComparer.Ordinal);

    public Configuration Copy() => new(_values);

    public T Get<T>(ConfigOption<T> option)
    {
        if (_values.TryGetValue(option.Key, out var raw)) return ConfigParsers.Wrap(option.Key, raw, option.Parse);
        foreach (var key in option.DeprecatedKeys)
        {
            if (_values.TryGetValue(key, out raw)) return ConfigParsers.Wrap(key, raw, option.Parse);
        }
        return option.Default;
    }

    public bool TryGetRaw(string key, out string value) => _values.TryGetValue(key, out value!);

    public bool Contains<T>(ConfigOption<T> option) => _values.ContainsKey(option.Key) || option.DeprecatedKeys.Any(_values.ContainsKey);

    public bool Contains(IConfigOption option) => _values.ContainsKey(option.Key);

    public Configuration Set<T>(ConfigOption<T> option, T value)
    {
        _values[option.Key] = option.FormatValue(value);
        return this;
    }

    public Configuration SetRaw(string key, string value)
    {
        _values[key] = value;
        return this;
    }

    /// <summary>Removes an explicitly set value (and its deprecated keys), so the option reads its default again.</summary>
    public Configuration Remove<T>(ConfigOption<T> option)
    {
        _values.Remove(option.Key);
        foreach (var key in option.DeprecatedKeys) _values.Remove(key);
        return this;
    }

    /// <summary>The explicitly set values, sorted by key (what `/jobmanager/config` lists).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries() =>
        _values.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();

    /// <summary>Fails with a message naming key and value if any known option holds an unparseable value.</summary>
    public void Validate()
    {
        foreach (var option in CoreOptions.All.Concat(NettyShuffleEnvironmentOptions.All))
        {
            if (_values.TryGetValue(option.Key, out var raw)) option.Validate(raw);
        }
    }
}
