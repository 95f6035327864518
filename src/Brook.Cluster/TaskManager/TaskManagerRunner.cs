using System.Net;
using System.Net.Sockets;
using Brook.Cluster.Logging;
using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.Metrics;
using Brook.Runtime.Network.Remote;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using HardwareDescription = Brook.Runtime.ResourceManager.HardwareDescription;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// A TaskManager process (`brook taskmanager`, Flink's TaskManagerRunner): its RPC endpoint, its metrics, logs and thread
/// dumps, its registration with the ResourceManager at jobmanager.rpc.address:jobmanager.rpc.port, and the TaskExecutor
/// that runs the tasks JobMasters deploy to it (docs/distributed.md).
/// </summary>
public sealed class TaskManagerRunner : IAsyncDisposable
{
    /// <summary>How long a stopping TaskManager waits for its cancelled tasks to end and their final states to be sent.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Flink's TaskManagerRunner exit code for a failure after start-up (a refused registration, no registration in time).</summary>
    public const int RuntimeFailureExitCode = 2;

    /// <summary>The log and stdout of a TaskManager process are named after its role and id unless log.file names them.</summary>
    public const string RolePrefix = "taskmanager-";

    private readonly ProcessLogging _logging;
    private readonly StdoutCapture _stdout;
    private readonly RpcServer _server;
    private readonly GrpcChannel _channel;
    private readonly ResourceManagerConnection _connection;
    private readonly MetricRegistry _metrics;
    private readonly Runtime.TaskExecutor.TaskExecutor _taskExecutor;
    private readonly TaskDeployments _deployments;
    private readonly JobMasterConnection _jobMaster;
    private readonly ITimer _metricsReport;
    private readonly IDisposable? _jobGraphs;
    private readonly NettyShuffleEnvironment _network;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<int> _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _log;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private TaskManagerRunner(ResourceId id, ProcessLogging logging, StdoutCapture stdout, RpcServer server, GrpcChannel channel,
        ResourceManagerConnection connection, MetricRegistry metrics, TaskManagerTaskServices tasks, NettyShuffleEnvironment network, TimeSpan heartbeatInterval,
        TimeProvider time, ILogger log)
    {
        ResourceId = id;
        _network = network;
        _taskExecutor = tasks.TaskExecutor!;
        _deployments = tasks.Deployments!;
        _jobMaster = tasks.JobMaster!;
        _jobGraphs = tasks.JobGraphs as IDisposable;
        // The live metrics of the running tasks go to their JobMasters at the heartbeat's pace (Flink sends them with its heartbeats).
        _metricsReport = time.CreateTimer(_ => ReportTaskMetrics(), null, heartbeatInterval, heartbeatInterval);
        connection.Lost += _ => _deployments.CancelAll();
        _logging = logging;
        _stdout = stdout;
        _server = server;
        _channel = channel;
        _connection = connection;
        _metrics = metrics;
        _log = log;
    }

    public ResourceId ResourceId { get; }

    /// <summary>Where this TaskManager's data plane listens (taskmanager.data.port).</summary>
    public IPEndPoint DataEndPoint => _network.DataAddress;

    /// <summary>Where this TaskManager's RPC endpoint listens.</summary>
    public IPEndPoint RpcEndPoint => _server.EndPoint;

    public LogFiles LogFiles => _logging.Files;

    /// <summary>Completes with the process's exit code when the TaskManager must terminate (a fatal error).</summary>
    public Task<int> Terminated => _terminated.Task;

    /// <summary>The id of the current registration with the ResourceManager; null while not registered.</summary>
    public string? RegistrationId => _connection.RegistrationId;

    /// <summary>The tasks running in this process.</summary>
    public int RunningTasks => _taskExecutor.RunningTasks;

    private void ReportTaskMetrics()
    {
        var running = _taskExecutor.RunningTaskMetrics();
        if (running.Count > 0) _jobMaster.ReportTaskMetrics(running);
    }

    public static async Task<TaskManagerRunner> StartAsync(Configuration config, TaskManagerRunnerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TaskManagerRunnerOptions();
        ClusterRpcOptions.Validate(config);
        var time = options.Time ?? TimeProvider.System;
        var id = config.Get(ClusterRpcOptions.TaskManagerResourceId) is { } hex ? new ResourceId(hex) : ResourceId.Generate();
        var files = LogFiles.For(config, RolePrefix + id.Hex);
        var logging = new ProcessLogging(files, options.LogToConsole);
        var stdout = new StdoutCapture(files.StdoutPath, options.CaptureConsole);
        var log = logging.LoggerFactory.CreateLogger<TaskManagerRunner>();
        MetricRegistry? metrics = null;
        RpcServer? server = null;
        GrpcChannel? channel = null;
        TaskManagerTaskServices? tasks = null;
        NettyShuffleEnvironment? network = null;
        try
        {
            log.LogInformation("Starting TaskManager {Id} ({Version}, RPC protocol version {Protocol}), process id {Pid}.", id, Rest.BrookVersion.Revision,
                RpcProtocol.Version, Environment.ProcessId);
            ConfigurationLog.Write(log, config);
            var jobManagerHost = config.Get(ClusterRpcOptions.JobManagerRpcAddress);
            var jobManagerPort = config.Get(ClusterRpcOptions.JobManagerRpcPort);
            var host = config.Get(ClusterRpcOptions.TaskManagerHost) ?? await LocalAddressTowardsAsync(jobManagerHost, jobManagerPort, cancellationToken);
            var managed = config.Get(CoreOptions.TaskManagerManagedMemory);
            metrics = new MetricRegistry(ScopeFormats.FromConfiguration(config), time, config.Get(MetricOptions.SystemEnabled));
            var process = new TaskExecutorRpcService.Process(id, metrics, new Diagnostics.EventPipeStackSampler(), files);
            tasks = new TaskManagerTaskServices();
            server = await RpcServer.StartAsync(config.Get(ClusterRpcOptions.TaskManagerBindHost) ?? host, config.Get(ClusterRpcOptions.TaskManagerRpcPort),
                logging.LoggerFactory, services =>
                {
                    services.AddSingleton(process);
                    services.AddSingleton(tasks);
                }, app =>
                {
                    app.MapGrpcService<TaskExecutorRpcService>();
                    app.MapGrpcService<TaskExecutorDeploymentService>();
                }, cancellationToken);
            log.LogInformation("TaskManager RPC endpoint listening on {EndPoint}; JobManager at {Host}:{Port}.", server.EndPoint, jobManagerHost, jobManagerPort);

            var slots = config.Get(CoreOptions.NumberOfTaskSlots);
            var memory = TaskManagerResources.LocalMemory(config, 1);
            // The data plane listens where the RPC endpoint does, on taskmanager.data.port (0: any free port).
            network = NettyShuffleEnvironment.Create(config, server.EndPoint.Address, config.Get(ClusterRpcOptions.TaskManagerDataPort));
            var dataPort = network.DataAddress.Port;
            log.LogInformation("TaskManager data port listening on {EndPoint}.", network.DataAddress);
            var rpcPort = server.EndPoint.Port;
            channel = RpcChannels.Open(jobManagerHost, jobManagerPort);
            var jobManager = RpcChannels.Versioned(channel);
            // The process's TaskExecutor: its metric group (process status and its tasks below) is the TaskManager's in this process's registry.
            var registration = new Runtime.ResourceManager.TaskManagerRegistration(id, $"grpc://{host}:{rpcPort}/taskmanager", dataPort, slots,
                HardwareDescription.FromMachine(managed), memory);
            tasks.TaskExecutor = new Runtime.TaskExecutor.TaskExecutor(registration, time, logging.LoggerFactory.CreateLogger<Runtime.TaskExecutor.TaskExecutor>(), metrics, host)
            {
                // Print sinks write to the process's stdout, which the .out file captures.
                StackSampler = process.Sampler,
                ShuffleEnvironment = network,
            };
            tasks.JobMaster = new JobMasterConnection(id, new JobMasterGateway.JobMasterGatewayClient(jobManager), $"{jobManagerHost}:{jobManagerPort}",
                logging.LoggerFactory.CreateLogger<JobMasterConnection>());
            tasks.JobGraphs = options.JobGraphs ?? new JobGraphLibrarySource(JobGraphLibrary.Create(config, id, jobManager, logging.LoggerFactory));
            tasks.Deployments = new TaskDeployments(tasks.TaskExecutor, tasks.JobGraphs, tasks.JobMaster, config.Get(Runtime.JobMaster.JobMasterOptions.BuffersPerChannel),
                config.Get(Runtime.JobMaster.JobMasterOptions.RecordsPerBuffer), logging.LoggerFactory.CreateLogger<TaskDeployments>());
            TaskExecutorRegistration Registration()
            {
                var hardware = HardwareDescription.FromMachine(managed);
                var m = new TaskExecutorRegistration
                {
                    ProtocolVersion = RpcProtocol.Version,
                    ResourceId = id.Hex,
                    Host = host,
                    RpcPort = rpcPort,
                    DataPort = dataPort,
                    NumberOfSlots = slots,
                    Hardware = new Rpc.Protocol.HardwareDescription
                    {
                        CpuCores = hardware.CpuCores, PhysicalMemory = hardware.PhysicalMemory, FreeMemory = hardware.FreeMemory, ManagedMemory = hardware.ManagedMemory,
                    },
                    Memory = new MemoryConfiguration
                    {
                        FrameworkHeap = memory.FrameworkHeap, TaskHeap = memory.TaskHeap, FrameworkOffHeap = memory.FrameworkOffHeap, TaskOffHeap = memory.TaskOffHeap,
                        NetworkMemory = memory.NetworkMemory, ManagedMemory = memory.ManagedMemory, JvmMetaspace = memory.JvmMetaspace,
                        JvmOverhead = memory.JvmOverhead, TotalFlinkMemory = memory.TotalFlinkMemory, TotalProcessMemory = memory.TotalProcessMemory,
                    },
                    SlotReport = new SlotReport(),
                    BrookVersion = Rest.BrookVersion.Revision,
                    ProcessId = Environment.ProcessId,
                };
                var owners = tasks.Deployments!.SlotOwners();
                m.SlotReport.Slots.AddRange(Enumerable.Range(0, slots).Select(i => new SlotStatus { SlotIndex = i, JobId = owners.TryGetValue(i, out var job) ? job.Hex : "" }));
                return m;
            }

            var backoff = new RegistrationBackoff(config.Get(ClusterRpcOptions.RegistrationInitialTimeout), config.Get(ClusterRpcOptions.RegistrationMaxTimeout),
                config.Get(ClusterRpcOptions.RegistrationErrorDelay), config.Get(ClusterRpcOptions.RegistrationRefusedDelay));
            var connection = new ResourceManagerConnection(new ResourceManagerGateway.ResourceManagerGatewayClient(jobManager), Registration, backoff,
                config.Get(CoreOptions.HeartbeatInterval), config.Get(CoreOptions.HeartbeatTimeout), config.Get(ClusterRpcOptions.TaskManagerRegistrationTimeout),
                $"{jobManagerHost}:{jobManagerPort}", time, logging.LoggerFactory.CreateLogger<ResourceManagerConnection>());
            var runner = new TaskManagerRunner(id, logging, stdout, server, channel, connection, metrics, tasks, network, config.Get(CoreOptions.HeartbeatInterval), time, log);
            runner._loop = runner.RunConnectionAsync();
            return runner;
        }
        catch (Exception e)
        {
            log.LogError(e, "The TaskManager failed to start.");
            if (tasks?.TaskExecutor is { } te) await te.DisposeAsync();
            (tasks?.JobGraphs as IDisposable)?.Dispose();
            network?.Dispose();
            channel?.Dispose();
            if (server is not null) await server.DisposeAsync();
            metrics?.Dispose();
            stdout.Dispose();
            await logging.DisposeAsync();
            throw;
        }
    }

    private async Task RunConnectionAsync()
    {
        try
        {
            await Task.Run(() => _connection.RunAsync(_stop.Token));
        }
        catch (TaskManagerFatalException e)
        {
            _log.LogError("Fatal error occurred in TaskExecutor {Id}: {Message}", ResourceId, e.Message);
            _terminated.TrySetResult(RuntimeFailureExitCode);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped by DisposeAsync.
        }
        catch (Exception e)
        {
            _log.LogError(e, "Fatal error occurred in TaskExecutor {Id}.", ResourceId);
            _terminated.TrySetResult(RuntimeFailureExitCode);
        }
    }

    /// <summary>
    /// The local address this machine uses to reach the JobManager (Flink's ConnectionUtils.findConnectingAddress): a UDP
    /// socket "connected" to it picks the interface and sends nothing.
    /// </summary>
    internal static async Task<string> LocalAddressTowardsAsync(string host, int port, CancellationToken cancellationToken)
    {
        var remote = await RpcServer.ResolveAsync(host, cancellationToken);
        using var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(new IPEndPoint(remote, port));
        return ((IPEndPoint)socket.LocalEndPoint!).Address.ToString();
    }

    /// <summary>Tells the ResourceManager this TaskManager stops, then stops its RPC endpoint.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _log.LogInformation("Stopping TaskManager {Id}.", ResourceId);
        await _connection.DisconnectAsync("TaskManager " + ResourceId + " shut down.");
        await _stop.CancelAsync();
        await _loop;
        await _metricsReport.DisposeAsync();
        // The tasks end cancelled; their final states still reach the JobManager if it listens.
        await _taskExecutor.DisposeAsync();
        await _taskExecutor.WaitForTasksAsync(ShutdownTimeout);
        await _jobMaster.DrainAsync(ShutdownTimeout);
        _network.Dispose();
        _jobGraphs?.Dispose();
        _channel.Dispose();
        await _server.DisposeAsync();
        _metrics.Dispose();
        _terminated.TrySetResult(0);
        _log.LogInformation("TaskManager {Id} stopped.", ResourceId);
        _stdout.Dispose();
        await _logging.DisposeAsync();
        _stop.Dispose();
    }
}
