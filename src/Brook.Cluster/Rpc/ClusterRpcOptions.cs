using Brook.Core.Configuration;
using Brook.Core.Ids;

namespace Brook.Cluster.Rpc;

/// <summary>Flink's keys (and defaults) for the JobManager and TaskManager processes and the RPC between them.</summary>
public static class ClusterRpcOptions
{
    public static readonly ConfigOption<string> JobManagerRpcAddress = new("jobmanager.rpc.address", "localhost", NonEmpty,
        "The host the JobManager's RPC endpoint is reached at; TaskManagers register there.");

    public static readonly ConfigOption<int> JobManagerRpcPort = new("jobmanager.rpc.port", 6123, ConfigParsers.Port,
        "The port of the JobManager's RPC endpoint (0: any free port).");

    public static readonly ConfigOption<string?> JobManagerBindHost = new("jobmanager.bind-host", null, NonEmpty,
        "The address the JobManager's RPC endpoint binds to; unset binds jobmanager.rpc.address (\"localhost\": the loopback interface).");

    public static readonly ConfigOption<string?> TaskManagerHost = new("taskmanager.host", null, NonEmpty,
        "The host the JobManager reaches this TaskManager at; unset uses the local address this machine reaches the JobManager from.");

    public static readonly ConfigOption<string?> TaskManagerBindHost = new("taskmanager.bind-host", null, NonEmpty,
        "The address the TaskManager's RPC endpoint binds to; unset binds taskmanager.host.");

    public static readonly ConfigOption<int> TaskManagerRpcPort = new("taskmanager.rpc.port", 0, ConfigParsers.Port,
        "The port of the TaskManager's RPC endpoint (0: any free port).");

    public static readonly ConfigOption<int> TaskManagerDataPort = new("taskmanager.data.port", 0, ConfigParsers.Port,
        "The port of the TaskManager's data exchange, where other TaskManagers fetch its tasks' records (0: any free port).");

    public static readonly ConfigOption<string?> TaskManagerResourceId = new("taskmanager.resource-id", null, ResourceIdHex,
        "The TaskManager's id (32 hex characters, the form of Brook's REST paths); unset generates one.");

    public static readonly ConfigOption<TimeSpan> RegistrationInitialTimeout = new("cluster.registration.initial-timeout", TimeSpan.FromMilliseconds(100),
        ConfigParsers.Duration, "The timeout of the first registration attempt; each timed-out attempt doubles it.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> RegistrationMaxTimeout = new("cluster.registration.max-timeout", TimeSpan.FromSeconds(30),
        ConfigParsers.Duration, "The largest timeout of a registration attempt.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> RegistrationErrorDelay = new("cluster.registration.error-delay", TimeSpan.FromSeconds(10),
        ConfigParsers.Duration, "The pause after a registration attempt failed with an error (e.g. the JobManager is not reachable).",
        ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> RegistrationRefusedDelay = new("cluster.registration.refused-registration-delay", TimeSpan.FromSeconds(30),
        ConfigParsers.Duration, "The pause after the ResourceManager declined a registration.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> TaskManagerRegistrationTimeout = new("taskmanager.registration.timeout", TimeSpan.FromMinutes(5),
        ConfigParsers.Duration, "A TaskManager that is not registered for this long terminates.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<string> PidDir = new("env.pid.dir", "/tmp", NonEmpty,
        "The directory start-cluster writes the pid files of the processes it starts to.");

    public static readonly IReadOnlyList<IConfigOption> All =
    [
        JobManagerRpcAddress, JobManagerRpcPort, JobManagerBindHost, TaskManagerHost, TaskManagerBindHost, TaskManagerRpcPort, TaskManagerDataPort,
        TaskManagerResourceId, RegistrationInitialTimeout, RegistrationMaxTimeout, RegistrationErrorDelay, RegistrationRefusedDelay,
        TaskManagerRegistrationTimeout, PidDir,
    ];

    /// <summary>Fails naming key and value if one of these options holds a value that does not parse.</summary>
    public static void Validate(Configuration config)
    {
        config.Validate();
        foreach (var option in All)
        {
            if (config.TryGetRaw(option.Key, out var raw)) option.Validate(raw);
        }
    }

    private static string NonEmpty(string s) => s.Trim().Length > 0 ? s.Trim() : throw new FormatException("must not be empty");

    private static string ResourceIdHex(string s) => ResourceId.TryParse(s.Trim(), out var id) ? id.Hex : throw new FormatException("must be 32 hexadecimal characters");
}
