using Brook.Core.Configuration;

namespace Brook.Cluster.JobManager;

/// <summary>Options of running job programs for /jars/:jarid/plan and /run that Flink has no key for.</summary>
public static class WebSubmissionOptions
{
    /// <summary>Brook's own key: Flink runs a jar's main method without a bound, which lets one stuck program hold a request forever.</summary>
    public static readonly ConfigOption<TimeSpan> SubmitTimeout = new("web.submit.timeout", TimeSpan.FromMinutes(1), ConfigParsers.Duration,
        "How long the entry point of a job program may run for /jars/:jarid/plan, or for /jars/:jarid/run before it has submitted its job, " +
        "before the request answers 400 (Brook-specific; the program keeps running on its own thread and its package stays loaded until it " +
        "returns).", ConfigParsers.FormatDuration);
}
