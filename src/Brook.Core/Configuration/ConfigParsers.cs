using System.Globalization;
using System.Text.RegularExpressions;

namespace Brook.Core.Configuration;

/// <summary>Parsers for Flink's value formats: durations ("100 ms", "5 min"), memory sizes ("128m"), numbers, enums.</summary>
public static partial class ConfigParsers
{
    public static T Wrap<T>(string key, string raw, Func<string, T> parse)
    {
        try
        {
            return parse(raw);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            // The parser's own message may quote the value, so a sensitive key's failure names the key only.
            if (SensitiveKeys.IsSensitive(key)) throw new ConfigurationException($"Could not parse value '{SensitiveKeys.HiddenContent}' for key '{key}'.");
            throw new ConfigurationException($"Could not parse value '{raw}' for key '{key}': {e.Message}", e);
        }
    }

    public static int Int(string s) => int.Parse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static long Long(string s) => long.Parse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static double Double(string s) => double.Parse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static bool Bool(string s) => s.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException("expected 'true' or 'false'"),
    };

    public static string String(string s) => s;

    /// <summary>A directory on the local file system, written as a path or a <c>file:</c> URI; other file systems are refused.</summary>
    public static string LocalDirectory(string s)
    {
        try
        {
            return FileSystem.LocalPath.Resolve(s);
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message);
        }
    }

    public static int PositiveInt(string s)
    {
        var v = Int(s);
        return v > 0 ? v : throw new FormatException("must be a positive integer");
    }

    public static int Port(string s)
    {
        var v = Int(s);
        return v is >= 0 and <= 65535 ? v : throw new FormatException("a port must be in 0..65535");
    }

    public static Func<string, TEnum> Enum<TEnum>() where TEnum : struct, Enum =>
        s => System.Enum.TryParse<TEnum>(s.Trim().Replace("-", "_"), ignoreCase: true, out var v) && System.Enum.IsDefined(v)
            ? v
            : throw new FormatException($"expected one of {string.Join(", ", System.Enum.GetNames<TEnum>())}");

    [GeneratedRegex(@"^\s*(-?\d+)\s*([a-zA-Z]*)\s*$")]
    private static partial Regex NumberWithUnit();

    /// <summary>Flink's TimeUtils.parseDuration: a number with an optional unit; no unit means milliseconds.</summary>
    public static TimeSpan Duration(string s)
    {
        var m = NumberWithUnit().Match(s);
        if (!m.Success) throw new FormatException("expected a duration such as '100 ms', '10 s' or '5 min'");
        var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (n < 0) throw new FormatException("a duration cannot be negative");
        return m.Groups[2].Value.ToLowerInvariant() switch
        {
            "" or "ms" or "milli" or "millis" or "millisecond" or "milliseconds" => TimeSpan.FromMilliseconds(n),
            "ns" or "nano" or "nanos" or "nanosecond" or "nanoseconds" => TimeSpan.FromTicks(n / 100),
            "us" or "µs" or "micro" or "micros" or "microsecond" or "microseconds" => TimeSpan.FromMicroseconds(n),
            "s" or "sec" or "secs" or "second" or "seconds" => TimeSpan.FromSeconds(n),
            "m" or "min" or "mins" or "minute" or "minutes" => TimeSpan.FromMinutes(n),
            "h" or "hour" or "hours" => TimeSpan.FromHours(n),
            "d" or "day" or "days" => TimeSpan.FromDays(n),
            var u => throw new FormatException($"unknown time unit '{u}'"),
        };
    }

    public static string FormatDuration(TimeSpan d) =>
        d.Ticks % TimeSpan.TicksPerMillisecond != 0 ? $"{d.Ticks * 100} ns"
        : d.TotalMilliseconds % 60000 == 0 && d > TimeSpan.Zero ? $"{(long)d.TotalMinutes} min"
        : d.TotalMilliseconds % 1000 == 0 && d > TimeSpan.Zero ? $"{(long)d.TotalSeconds} s"
        : $"{(long)d.TotalMilliseconds} ms";

    /// <summary>Flink's MemorySize.parse: bytes with an optional unit (b, k/kb, m/mb, g/gb, t/tb).</summary>
    public static long MemorySize(string s)
    {
        var m = NumberWithUnit().Match(s);
        if (!m.Success) throw new FormatException("expected a memory size such as '128m' or '1 gb'");
        var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (n < 0) throw new FormatException("a memory size cannot be negative");
        var factor = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "" or "b" or "bytes" => 1L,
            "k" or "kb" or "kibibytes" => 1L << 10,
            "m" or "mb" or "mebibytes" => 1L << 20,
            "g" or "gb" or "gibibytes" => 1L << 30,
            "t" or "tb" or "tebibytes" => 1L << 40,
            var u => throw new FormatException($"unknown memory unit '{u}'"),
        };
        return checked(n * factor);
    }

    public static string FormatMemorySize(long bytes) =>
        bytes != 0 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} gb"
        : bytes != 0 && bytes % (1L << 20) == 0 ? $"{bytes >> 20} mb"
        : bytes != 0 && bytes % (1L << 10) == 0 ? $"{bytes >> 10} kb"
        : $"{bytes} bytes";
}
