using Brook.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Logging;

/// <summary>
/// Logs the configuration a process starts with, one line per key as Flink's GlobalConfiguration does, so the log
/// says what the process ran with; values of sensitive keys are hidden as everywhere else.
/// </summary>
internal static class ConfigurationLog
{
    public static void Write(ILogger log, Configuration config)
    {
        foreach (var (key, value) in SensitiveKeys.Mask(config.Entries()))
        {
            log.LogInformation("Loading configuration property: {Key}, {Value}", key, value);
        }
    }
}
