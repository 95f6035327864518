using Brook.Core.Configuration;

namespace Brook.Cluster.Logging;

/// <summary>
/// How the log file rolls. Flink sets this in log4j's properties (size policy 100MB, strategy max 10); Brook has no
/// logging configuration file, so these are Brook's own keys next to Flink's <c>log.file</c>.
/// </summary>
public static class LogFileOptions
{
    public static readonly ConfigOption<long> MaxSize = new("log.file.max-size", 100L << 20, PositiveMemorySize,
        "The size at which the log file rolls over to a new file (Brook-specific; Flink's log4j size policy, 100MB).",
        ConfigParsers.FormatMemorySize);

    public static readonly ConfigOption<int> MaxFiles = new("log.file.max-files", 10, NonNegativeInt,
        "How many rolled-over log files are kept besides the current one; older ones are deleted (Brook-specific; " +
        "Flink's log4j rollover strategy max, 10).");

    private static long PositiveMemorySize(string s)
    {
        var v = ConfigParsers.MemorySize(s);
        return v > 0 ? v : throw new FormatException("must be larger than 0 bytes");
    }

    private static int NonNegativeInt(string s)
    {
        var v = ConfigParsers.Int(s);
        return v >= 0 ? v : throw new FormatException("must not be negative");
    }
}
