namespace Brook.Cluster;

/// <summary>How a local cluster is started, beyond its configuration.</summary>
/// <param name="NumberOfTaskManagers">Overrides minicluster.number-of-taskmanagers when set.</param>
/// <param name="Time">The clock for heartbeats and timestamps (tests pass a fake one).</param>
/// <param name="LogToConsole">Also write the log to stderr (the foreground `brook cluster`).</param>
/// <param name="CaptureConsole">Copy the process's stdout into the .out file (only the process owner should do this).</param>
public sealed record LocalClusterOptions(
    int? NumberOfTaskManagers = null,
    TimeProvider? Time = null,
    bool LogToConsole = false,
    bool CaptureConsole = false)
{
    /// <summary>
    /// Also serve the JobManager's RPC endpoint (jobmanager.rpc.address:jobmanager.rpc.port), where TaskManager processes
    /// register; with it the cluster may start without TaskManagers of its own (`brook jobmanager`).
    /// </summary>
    public bool AcceptTaskManagerProcesses { get; init; }
}
