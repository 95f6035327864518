using Brook.Core.Configuration;

namespace Brook.Cluster.JobManager;

/// <summary>Flink's options for jobs that end with their attached client (DeploymentOptions, ClientOptions).</summary>
public static class ClientHeartbeatOptions
{
    public static readonly ConfigOption<bool> Attached = new("execution.attached", false, ConfigParsers.Bool,
        "Whether the client waits for the job (attached) or returns once it is submitted (detached).");

    public static readonly ConfigOption<bool> ShutdownOnAttachedExit = new("execution.shutdown-on-attached-exit", false, ConfigParsers.Bool,
        "Whether an attached job is cancelled when its client goes away: the client heartbeats and the Dispatcher cancels the job when the heartbeats stop.");

    public static readonly ConfigOption<TimeSpan> HeartbeatInterval = new("client.heartbeat.interval", TimeSpan.FromSeconds(30), ConfigParsers.Duration,
        "How often the Dispatcher checks the client heartbeats of attached jobs.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> HeartbeatTimeout = new("client.heartbeat.timeout", TimeSpan.FromMinutes(3), ConfigParsers.Duration,
        "How long an attached job waits for its client's first heartbeat.", ConfigParsers.FormatDuration);
}
