using Serilog.Core;
using Serilog.Events;

namespace Brook.Cluster.Logging;

/// <summary>
/// Names each event's level as Flink's log4j layout writes it (<c>%-5p</c>: ERROR, WARN, INFO, DEBUG, TRACE, FATAL,
/// padded to five characters), so tools that read Flink's logs read Brook's. Serilog's own short names are EROR, DBUG...
/// </summary>
internal sealed class Log4jLevelEnricher : ILogEventEnricher
{
    public const string PropertyName = "Log4jLevel";

    private static readonly LogEventProperty[] Properties = Enum.GetValues<LogEventLevel>()
        .Select(l => new LogEventProperty(PropertyName, new ScalarValue(Name(l).PadRight(5))))
        .ToArray();

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
        logEvent.AddOrUpdateProperty(Properties[(int)logEvent.Level]);

    public static string Name(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "TRACE",
        LogEventLevel.Debug => "DEBUG",
        LogEventLevel.Information => "INFO",
        LogEventLevel.Warning => "WARN",
        LogEventLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
