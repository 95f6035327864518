namespace Brook.Core.Configuration;

/// <summary>The options Brook reads, under Flink's keys with Flink's defaults.</summary>
public static class CoreOptions
{
    public static readonly ConfigOption<int> RestPort = new("rest.port", 8081, ConfigParsers.Port,
        "The port the REST endpoint listens on (0 picks a free port).");

    public static readonly ConfigOption<string> RestAddress = new("rest.address", "localhost", ConfigParsers.String,
        "The address clients use to reach the REST endpoint.");

    public static readonly ConfigOption<string> RestBindAddress = new("rest.bind-address", "localhost", ConfigParsers.String,
        "The address the REST endpoint binds to; set 0.0.0.0 to accept other hosts.");

    public static readonly ConfigOption<long> RestServerMaxContentLength = new("rest.server.max-content-length", 104_857_600L,
        ConfigParsers.Long, "The largest request body the REST endpoint accepts, in bytes.");

    public static readonly ConfigOption<TimeSpan> RestAsyncStoreDuration = new("rest.async.store-duration", TimeSpan.FromMinutes(5),
        ConfigParsers.Duration, "How long the result of an asynchronous operation is kept; 0 keeps it forever.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<string?> WebAccessControlAllowOrigin = new("web.access-control-allow-origin", null,
        ConfigParsers.String, "Origins (comma-separated) whose web pages may change state through the REST API and read its answers; "
                              + "unset allows only the server's own origin, '*' allows every origin (Flink's default).");

    public static readonly ConfigOption<string?> RestAllowedHosts = new("rest.allowed-hosts", null, ConfigParsers.String,
        "Host names (comma-separated, any port) requests may name in their Host header besides localhost, loopback addresses, "
        + "rest.address and rest.bind-address (with a wildcard bind: the machine's names and addresses); '*' allows every host.");

    public static readonly ConfigOption<long> RestServerMaxInFlightBodyBytes = new("rest.server.max-in-flight-body-bytes", 256L << 20,
        ConfigParsers.MemorySize, "The memory all request bodies being read or handled at once may take; a body beyond it answers 503.",
        ConfigParsers.FormatMemorySize);

    public static readonly ConfigOption<TimeSpan> RestServerShutdownGracePeriod = new("rest.server.shutdown-grace-period", TimeSpan.FromSeconds(5),
        ConfigParsers.Duration, "How long requests in flight may take to finish when the cluster shuts down; then their connections are closed.",
        ConfigParsers.FormatDuration);

    public static readonly ConfigOption<string?> WebUploadDir = new("web.upload.dir", null, ConfigParsers.String,
        "The directory uploaded job packages are stored in (default: a directory under the system temp directory).");

    public static readonly ConfigOption<long> WebRefreshInterval = new("web.refresh-interval", 3000L, ConfigParsers.Long,
        "How often the web dashboard refreshes, in milliseconds.");

    public static readonly ConfigOption<int> WebExceptionHistorySize = new("web.exception-history-size", 16, ConfigParsers.PositiveInt,
        "How many failures the exception history of a job keeps.");

    public static readonly ConfigOption<int> WebCheckpointsHistory = new("web.checkpoints.history", 10, ConfigParsers.PositiveInt,
        "Number of checkpoints to remember for recent history.");

    public static readonly ConfigOption<int> ParallelismDefault = new("parallelism.default", 1, ConfigParsers.PositiveInt,
        "The parallelism of operators that set none.");

    public static readonly ConfigOption<int> MaxParallelism = new("pipeline.max-parallelism", -1, ConfigParsers.Int,
        "The number of key groups (the upper bound of rescaling); -1 uses 128.");

    public static readonly ConfigOption<int> NumberOfTaskSlots = new("taskmanager.numberOfTaskSlots", 1, ConfigParsers.PositiveInt,
        "The number of slots each TaskManager offers.");

    public static readonly ConfigOption<int> LocalNumberOfTaskManagers = new("minicluster.number-of-taskmanagers", 1, ConfigParsers.PositiveInt,
        "The number of TaskManagers a local cluster starts.");

    public static readonly ConfigOption<long> TaskManagerManagedMemory = new("taskmanager.memory.managed.size", 128L << 20,
        ConfigParsers.MemorySize, "The managed memory each TaskManager reports and gives to its state backends.", ConfigParsers.FormatMemorySize);

    public static readonly ConfigOption<TimeSpan> HeartbeatInterval = new("heartbeat.interval", TimeSpan.FromSeconds(10),
        ConfigParsers.Duration, "How often TaskManagers heartbeat to the ResourceManager.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> HeartbeatTimeout = new("heartbeat.timeout", TimeSpan.FromSeconds(50),
        ConfigParsers.Duration, "A TaskManager silent for this long is dropped.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> SlotRequestTimeout = new("slot.request.timeout", TimeSpan.FromMinutes(5),
        ConfigParsers.Duration, "How long a job waits for enough slots before it fails.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan> BufferTimeout = new("execution.buffer-timeout.interval", TimeSpan.FromMilliseconds(100),
        ConfigParsers.Duration, "How long a partly filled output buffer waits before it is flushed; 0 flushes every record.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<TimeSpan?> CheckpointingInterval = new("execution.checkpointing.interval", null,
        s => ConfigParsers.Duration(s), "The interval of periodic checkpoints; unset disables them.", d => ConfigParsers.FormatDuration(d!.Value));

    public static readonly ConfigOption<string?> CheckpointsDirectory = new("state.checkpoints.dir", null, ConfigParsers.LocalDirectory,
        "The directory checkpoints are written to.");

    /// <summary>Flink 2.x's CheckpointingOptions.SAVEPOINT_DIRECTORY, with the key Flink 1.x used as its deprecated alias.</summary>
    public static readonly ConfigOption<string?> SavepointDirectory = new("execution.checkpointing.savepoint-dir", null, ConfigParsers.LocalDirectory,
        "The default directory of savepoints, used when a savepoint or stop-with-savepoint request names no target directory.")
    {
        DeprecatedKeys = ["state.savepoints.dir"],
    };

    public static readonly ConfigOption<string> StateBackendType = new("state.backend.type", "hashmap", ConfigParsers.String,
        "The state backend: hashmap.");

    public static readonly ConfigOption<string?> RestartStrategyType = new("restart-strategy.type", null, ConfigParsers.String,
        "The restart strategy: none, fixed-delay, failure-rate, exponential-delay.");

    public static readonly ConfigOption<int> JobStoreMaxCapacity = new("jobstore.max-capacity", int.MaxValue, ConfigParsers.PositiveInt,
        "How many finished jobs are kept.");

    public static readonly ConfigOption<TimeSpan> JobStoreExpirationTime = new("jobstore.expiration-time", TimeSpan.FromHours(1),
        ConfigParsers.Duration, "How long finished jobs are kept.", ConfigParsers.FormatDuration);

    public static readonly ConfigOption<string?> LogFile = new("log.file", null, ConfigParsers.String,
        "The log file of this process (overrides env.log.dir).");

    public static readonly ConfigOption<string> LogDir = new("env.log.dir", "log", ConfigParsers.String,
        "The directory log files are written to.");

    public static readonly IReadOnlyList<IConfigOption> All =
    [
        RestPort, RestAddress, RestBindAddress, RestServerMaxContentLength, RestAsyncStoreDuration, WebAccessControlAllowOrigin, RestAllowedHosts,
        RestServerMaxInFlightBodyBytes, RestServerShutdownGracePeriod,
        WebUploadDir, WebRefreshInterval, WebExceptionHistorySize, ParallelismDefault, MaxParallelism, NumberOfTaskSlots,
        LocalNumberOfTaskManagers, TaskManagerManagedMemory, HeartbeatInterval, HeartbeatTimeout, SlotRequestTimeout, BufferTimeout,
        CheckpointingInterval, CheckpointsDirectory, SavepointDirectory, StateBackendType, RestartStrategyType, JobStoreMaxCapacity,
        JobStoreExpirationTime, LogFile, LogDir,
    ];
}
