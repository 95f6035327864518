using Brook.Cluster.Jars;
using Brook.Cluster.JobManager;
using Brook.Cluster.Logging;
using Brook.Cluster.TaskManager;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;
using Brook.Rest.Server;
using Brook.Runtime.Metrics;
using Brook.Runtime.ResourceManager;
using Brook.Runtime.TaskExecutor;
using Microsoft.Extensions.Logging;

namespace Brook.Cluster;

/// <summary>
/// A JobManager (Dispatcher, ResourceManager, REST endpoint) and N TaskManagers in one process, the way
/// `brook cluster` runs and end-to-end tests start it.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    /// <summary>The log and stdout files of this process are named after its role.</summary>
    public const string Role = "jobmanager";

    /// <summary>
    /// TaskManagers of a local cluster exchange records through in-memory channels and open no data port;
    /// Flink's local connection manager reports -1 in the same situation.
    /// </summary>
    public const int LocalDataPort = -1;

    private readonly ProcessLogging _logging;
    private readonly StdoutCapture _stdout;
    private readonly RestServerEndpoint _rest;
    private readonly List<TaskExecutor> _taskExecutors;
    private Func<int, TaskExecutor>? _newTaskExecutor;
    private List<Runtime.Network.Remote.NettyShuffleEnvironment> _shuffleEnvironments = [];
    private readonly List<TaskManagerLogging> _taskManagerLogs;
    private readonly TaskCompletionSource _shutdownRequested;
    private readonly ILogger _log;
    private int _disposed;

    private LocalCluster(Configuration config, ProcessLogging logging, StdoutCapture stdout, ResourceManager resourceManager, Dispatcher dispatcher,
        List<TaskExecutor> taskExecutors, List<TaskManagerLogging> taskManagerLogs, RestServerEndpoint rest, TaskCompletionSource shutdownRequested, ILogger log)
    {
        _taskManagerLogs = taskManagerLogs;
        _shutdownRequested = shutdownRequested;
        Configuration = config;
        _logging = logging;
        _stdout = stdout;
        ResourceManager = resourceManager;
        Dispatcher = dispatcher;
        _taskExecutors = taskExecutors;
        _rest = rest;
        _log = log;
    }

    public Configuration Configuration { get; }

    public ResourceManager ResourceManager { get; }

    public Dispatcher Dispatcher { get; }

    /// <summary>The jar store and program runner behind /jars.</summary>
    public JarService Jars { get; private init; } = null!;

    private string? _temporaryUploadDir;

    private Rpc.JobManagerRpcEndpoint? _rpc;

    /// <summary>Where TaskManager processes register (jobmanager.rpc.address:port); null unless the cluster accepts them.</summary>
    public System.Net.IPEndPoint? RpcEndPoint => _rpc?.EndPoint;

    public IReadOnlyList<TaskExecutor> TaskExecutors
    {
        get
        {
            lock (_taskExecutors) return _taskExecutors.ToList();
        }
    }

    /// <summary>
    /// Starts one more TaskExecutor with the slots and memory of the others: a TaskManager joining the cluster (the
    /// adaptive scheduler in reactive mode scales its jobs up onto it). It registers with the ResourceManager as it starts.
    /// </summary>
    public TaskExecutor AddTaskExecutor()
    {
        int index;
        lock (_taskExecutors) index = _taskExecutors.Count;
        var taskExecutor = _newTaskExecutor!(index);
        lock (_taskExecutors) _taskExecutors.Add(taskExecutor);
        _log.LogInformation("TaskExecutor {Id} joined the local cluster.", taskExecutor.Id);
        return taskExecutor;
    }

    /// <summary>The metrics of this process: the JobManager's, its jobs' and every TaskManager's (Flink's MetricRegistry).</summary>
    public MetricRegistry MetricRegistry { get; private init; } = null!;

    /// <summary>The metric reporters configured with metrics.reporter.* (a PrometheusReporter, ...).</summary>
    public IReadOnlyList<IDisposable> Reporters { get; private init; } = [];

    /// <summary>The REST endpoint's address (with the actual port when rest.port is 0).</summary>
    public Uri RestAddress => _rest.BaseAddress;

    public LogFiles LogFiles => _logging.Files;

    /// <summary>Completes when a client asked the cluster to shut down (DELETE /cluster).</summary>
    public Task ShutdownRequested => _shutdownRequested.Task;

    public static async Task<LocalCluster> StartAsync(Configuration config, LocalClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalClusterOptions();
        config.Validate();
        var time = options.Time ?? TimeProvider.System;
        var files = LogFiles.For(config, Role);
        var logging = new ProcessLogging(files, options.LogToConsole);
        var stdout = new StdoutCapture(files.StdoutPath, options.CaptureConsole);
        var log = logging.LoggerFactory.CreateLogger<LocalCluster>();
        var taskExecutors = new List<TaskExecutor>();
        var taskManagerLogs = new List<TaskManagerLogging>();
        var shuffleEnvironments = new List<Runtime.Network.Remote.NettyShuffleEnvironment>();
        var stackSampler = new Diagnostics.EventPipeStackSampler();
        ResourceManager? resourceManager = null;
        MetricRegistry? metricRegistry = null;
        IReadOnlyList<IDisposable> reporters = [];
        string? temporaryUploadDir = null;
        Rpc.JobManagerRpcEndpoint? rpc = null;
        try
        {
            log.LogInformation("Starting {Version} (Flink REST API {FlinkVersion}) local cluster.", Rest.BrookVersion.Revision, Rest.BrookVersion.FlinkVersion);
            ConfigurationLog.Write(log, config);
            var heartbeatInterval = config.Get(CoreOptions.HeartbeatInterval);
            resourceManager = new ResourceManager(heartbeatInterval, config.Get(CoreOptions.HeartbeatTimeout), time,
                logging.LoggerFactory.CreateLogger<ResourceManager>());
            var count = options.NumberOfTaskManagers ?? config.Get(CoreOptions.LocalNumberOfTaskManagers);
            if (count < (options.AcceptTaskManagerProcesses ? 0 : 1)) throw new ConfigurationException($"A local cluster needs at least one TaskManager, not {count}.");
            var slots = config.Get(CoreOptions.NumberOfTaskSlots);
            metricRegistry = new MetricRegistry(ScopeFormats.FromConfiguration(config), time, config.Get(MetricOptions.SystemEnabled));
            var jobManagerMetrics = metricRegistry.CreateJobManagerGroup();
            if (metricRegistry.IsEnabled) ProcessStatusMetrics.Register(jobManagerMetrics);
            reporters = Metrics.MetricReporters.Start(config, metricRegistry, logging.LoggerFactory.CreateLogger("Brook.Cluster.Metrics.MetricReporters"));
            var memory = TaskManagerResources.LocalMemory(config, count);
            var hardware = HardwareDescription.FromMachine(config.Get(CoreOptions.TaskManagerManagedMemory));
            var rm = resourceManager;
            var registry = metricRegistry;
            TaskExecutor NewTaskExecutor(int i)
            {
                // minicluster.network.tcp-exchange: each TaskManager serves its data port on 127.0.0.1, as a TaskManager process would.
                var network = config.Get(NettyShuffleEnvironmentOptions.MiniClusterTcpExchange)
                    ? Runtime.Network.Remote.NettyShuffleEnvironment.Create(config, System.Net.IPAddress.Loopback, dataPort: 0)
                    : null;
                if (network is not null)
                {
                    lock (shuffleEnvironments) shuffleEnvironments.Add(network);
                }
                var registration = new TaskManagerRegistration(ResourceId.Generate(), $"brook://localhost/taskmanager_{i}", network?.DataAddress.Port ?? LocalDataPort,
                    slots, hardware, memory) { Host = "127.0.0.1" };
                // Each TaskManager logs to its own file beside the JobManager's; its tasks print to its own .out file.
                var tmLogging = new TaskManagerLogging(files, i, options.LogToConsole, stdout.Console) { TaskManagerId = registration.Id };
                lock (taskManagerLogs) taskManagerLogs.Add(tmLogging);
                var tmLog = tmLogging.LoggerFactory.CreateLogger<TaskExecutor>();
                tmLog.LogInformation("Starting TaskManager {Id} ({Address}) with {Slots} slots.", registration.Id, registration.Address, slots);
                return new TaskExecutor(registration, rm, heartbeatInterval, time, tmLog, registry)
                {
                    Stdout = tmLogging.Stdout,
                    StackSampler = stackSampler,
                    ShuffleEnvironment = network,
                };
            }
            for (var i = 0; i < count; i++) taskExecutors.Add(NewTaskExecutor(i));

            // Locked: AddTaskExecutor may grow the list while a JobMaster looks a TaskExecutor up. TaskManager processes are found
            // through the RPC endpoint's connections (started below, before any job can be submitted).
            Rpc.JobManagerRpcEndpoint? remote = null;
            var dispatcher = new Dispatcher(config, resourceManager, id =>
            {
                lock (taskExecutors)
                {
                    if (taskExecutors.FirstOrDefault(t => t.Id == id) is { } local) return local;
                }
                return Volatile.Read(ref remote)?.TaskExecutors.Gateway(id);
            }, time, logging.LoggerFactory);
            dispatcher.JobMasterCreated += jobMaster =>
            {
                if (!registry.IsEnabled) return;
                var jobGroup = registry.CreateJobManagerJobGroup(jobManagerMetrics, jobMaster.JobId.Hex, jobMaster.JobName);
                JobManagerJobMetrics.Register(jobGroup, jobMaster, time);
                jobMaster.ResultTask.ContinueWith(_ => jobGroup.Close(), TaskScheduler.Default);
            };
            var configuredUploadDir = config.Get(CoreOptions.WebUploadDir);
            // As Flink: without web.upload.dir, a fresh directory under the temp dir that goes away with the cluster.
            temporaryUploadDir = configuredUploadDir is null ? Path.Combine(Path.GetTempPath(), "brook-web-" + Guid.NewGuid().ToString("N")) : null;
            var store = new JarStore(configuredUploadDir ?? Path.Combine(temporaryUploadDir!, "brook-web-upload"), JobPackageLimits.FromConfiguration(config),
                logging.LoggerFactory.CreateLogger<JarStore>());
            var jars = new JarService(store, dispatcher, config, time, logging.LoggerFactory);
            var shutdownRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var information = new ClusterInformation(config.Entries(), config.Get(CoreOptions.WebRefreshInterval), ProcessInformation.Environment(),
                new LogLocation(files.Directory, files.CurrentLogFile, files.StdoutFileName));
            if (options.AcceptTaskManagerProcesses)
            {
                Rpc.ClusterRpcOptions.Validate(config);
                var jobMasters = new Rpc.JobMasterRegistry();
                dispatcher.JobMasterCreated += jobMasters.Add;
                rpc = await Rpc.JobManagerRpcEndpoint.StartAsync(config, resourceManager, jobMasters, logging.LoggerFactory, cancellationToken, jars.Blobs);
                Volatile.Write(ref remote, rpc);
            }
            IDiagnosticsGateway localDiagnostics = new Diagnostics.LocalDiagnosticsGateway(stackSampler, () =>
            {
                lock (taskExecutors) return taskExecutors.ToList();
            }, id =>
            {
                lock (taskManagerLogs) return taskManagerLogs.FirstOrDefault(l => l.TaskManagerId == id);
            }, id => rm.Get(id) is not null);
            var gateway = new LocalClusterGateway(information, resourceManager, dispatcher, jars, () =>
            {
                log.LogInformation("Shutting down the cluster as requested through the REST API.");
                shutdownRequested.TrySetResult();
            })
            {
                MetricRegistry = metricRegistry,
                MetricFetcherUpdateInterval = config.Get(MetricOptions.FetcherUpdateInterval),
                Diagnostics = rpc is null ? localDiagnostics : new Rpc.DistributedDiagnosticsGateway(localDiagnostics, rpc.TaskExecutors),
                RemoteMetricDumps = rpc is null ? null : rpc.TaskExecutors.RequestMetricDumps,
            };
            var rest = await RestServerEndpoint.StartAsync(RestServerOptions.FromConfiguration(config), DispatcherEndpoints.Create(gateway, time),
                logging.LoggerFactory, cancellationToken);
            gateway.RestAddress = rest.BaseAddress.ToString().TrimEnd('/');
            var cluster = new LocalCluster(config, logging, stdout, resourceManager, dispatcher, taskExecutors, taskManagerLogs, rest, shutdownRequested, log)
            {
                Jars = jars,
                MetricRegistry = metricRegistry,
                Reporters = reporters,
                _temporaryUploadDir = temporaryUploadDir,
                _newTaskExecutor = NewTaskExecutor,
                _shuffleEnvironments = shuffleEnvironments,
                _rpc = rpc,
            };
            log.LogInformation("Local cluster started with {Count} TaskManagers of {Slots} slots; REST endpoint at {Address}.", count, slots, rest.BaseAddress);
            return cluster;
        }
        catch (Exception e)
        {
            log.LogError(e, "The local cluster failed to start.");
            foreach (var te in taskExecutors) await te.DisposeAsync();
            foreach (var network in shuffleEnvironments) network.Dispose();
            foreach (var tm in taskManagerLogs) await tm.DisposeAsync();
            if (rpc is not null) await rpc.DisposeAsync();
            resourceManager?.Dispose();
            foreach (var r in reporters) r.Dispose();
            metricRegistry?.Dispose();
            DeleteDirectory(temporaryUploadDir);
            stdout.Dispose();
            await logging.DisposeAsync();
            throw;
        }
    }

    private static void DeleteDirectory(string? directory)
    {
        try
        {
            if (directory is not null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A program still running past its bound may hold a file of its package open; the temp dir is the OS's to clean then.
        }
    }

    /// <summary>
    /// Cancels the jobs at once while the REST endpoint stops taking connections and gives requests in flight
    /// rest.server.shutdown-grace-period to be answered; then stops the TaskManagers and the ResourceManager.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _log.LogInformation("Stopping the local cluster.");
        var restStopped = _rest.StopAsync();
        await Dispatcher.DisposeAsync();
        await restStopped;
        await _rest.DisposeAsync();
        foreach (var te in TaskExecutors) await te.DisposeAsync();
        lock (_shuffleEnvironments)
        {
            foreach (var network in _shuffleEnvironments) network.Dispose();
        }
        foreach (var tm in _taskManagerLogs) await tm.DisposeAsync();
        if (_rpc is not null) await _rpc.DisposeAsync();
        ResourceManager.Dispose();
        foreach (var r in Reporters) r.Dispose();
        MetricRegistry.Dispose();
        DeleteDirectory(_temporaryUploadDir);
        _log.LogInformation("Local cluster stopped.");
        _stdout.Dispose();
        await _logging.DisposeAsync();
    }
}
