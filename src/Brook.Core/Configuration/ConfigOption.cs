namespace Brook.Core.Configuration;

/// <summary>A typed configuration option under one of Flink's keys, with its default and parser.</summary>
public sealed record ConfigOption<T>(
    string Key,
    T Default,
    Func<string, T> Parse,
    string Description,
    Func<T, string>? Format = null) : IConfigOption
{
    /// <summary>Older keys still read when the option's own key is unset (Flink's deprecated keys), newest first.</summary>
    public IReadOnlyList<string> DeprecatedKeys { get; init; } = [];

    public bool HasDefault => Default is not null;

    public string? DefaultAsString => Default is null ? null : (Format ?? (v => v!.ToString()!))(Default);

    public string FormatValue(T value) => (Format ?? (v => v!.ToString()!))(value);

    /// <summary>Checks that a raw value parses, so a bad value fails at start-up naming key and value.</summary>
    public void Validate(string raw) => _ = ConfigParsers.Wrap(Key, raw, Parse);
}

/// <summary>Untyped view of an option, for validation and documentation.</summary>
public interface IConfigOption
{
    string Key { get; }
    string Description { get; }
    string? DefaultAsString { get; }
    void Validate(string raw);
}
