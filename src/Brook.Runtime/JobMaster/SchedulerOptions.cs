using Brook.Core.Configuration;

namespace Brook.Runtime.JobMaster;

/// <summary>Flink's scheduler choice (JobManagerOptions.SCHEDULER and SCHEDULER_MODE).</summary>
public static class SchedulerOptions
{
    public static readonly ConfigOption<string> Scheduler = new("jobmanager.scheduler", "default", ParseScheduler,
        "Determines which scheduler implementation is used to schedule tasks: 'default', or 'adaptive' (the job's parallelism follows " +
        "its resource requirements, within the slots it can get, and can be changed while it runs).");

    public static readonly ConfigOption<string?> SchedulerMode = new("scheduler-mode", null, ParseMode,
        "Determines the mode of the scheduler. 'reactive' runs every job at the largest parallelism the cluster's slots allow, " +
        "scaling it up and down as TaskManagers join and leave; it implies the adaptive scheduler.");

    /// <summary>Flink's ClusterOptions.isAdaptiveSchedulerEnabled: the adaptive scheduler, or reactive mode (which uses it).</summary>
    public static bool IsAdaptive(Configuration configuration) =>
        configuration.Get(Scheduler) == "adaptive" || IsReactive(configuration);

    public static bool IsReactive(Configuration configuration) => configuration.Get(SchedulerMode) == "reactive";

    private static string ParseScheduler(string value) => value.Trim().ToLowerInvariant() switch
    {
        "default" or "ng" => "default",
        "adaptive" => "adaptive",
        _ => throw new FormatException($"Could not parse value '{value}' for key 'jobmanager.scheduler'. Expected one of: [Default, Adaptive]."),
    };

    private static string? ParseMode(string value) => value.Trim().ToLowerInvariant() switch
    {
        "reactive" => "reactive",
        _ => throw new FormatException($"Could not parse value '{value}' for key 'scheduler-mode'. Expected one of: [REACTIVE]."),
    };
}
