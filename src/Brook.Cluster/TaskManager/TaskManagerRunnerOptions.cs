namespace Brook.Cluster.TaskManager;

/// <summary>How a TaskManager process is started, beyond its configuration.</summary>
/// <param name="LogToConsole">Also write the log to stderr (a TaskManager in the foreground).</param>
/// <param name="CaptureConsole">Copy the process's stdout into the .out file (only the process owner should do this).</param>
/// <param name="Time">The clock for heartbeats and registration backoff.</param>
public sealed record TaskManagerRunnerOptions(bool LogToConsole = false, bool CaptureConsole = false, TimeProvider? Time = null)
{
    /// <summary>Where deployed tasks' job graphs come from; by default they are rebuilt from the job's package, fetched from the JobManager.</summary>
    internal IJobGraphSource? JobGraphs { get; init; }
}
