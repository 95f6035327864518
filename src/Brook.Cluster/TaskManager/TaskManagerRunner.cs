using System.Net;
using System.Net.Sockets;
using Brook.Cluster.Logging;
using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.Metrics;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using HardwareDescription = Brook.Runtime.ResourceManager.HardwareDescription;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// A TaskManager process (`brook taskmanager`, Flink's TaskManagerRunner): its RPC endpoint, its metrics, logs and thread
/// dumps, and its registration with the ResourceManager at jobmanager.rpc.address:jobmanager.rpc.port. Its slots are
/// registered and shown by the JobManager; tasks are not deployed to it yet (docs/distributed.md).
/// </summary>
public sealed class TaskManagerRunner : IAsyncDisposable
{
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
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<int> _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _log;
    private Task _loop = Task.CompletedTask;
    private int _disposed;

    private TaskManagerRunner(ResourceId id, ProcessLogging logging, StdoutCapture stdout, RpcServer server, GrpcChannel channel,
        ResourceManagerConnection connection, MetricRegistry metrics, ILogger log)
    {
        ResourceId = id;
        _logging = logging;
        _stdout = stdout;
        _server = server;
        _channel = channel;
        _connection = connection;
        _metrics = metrics;
        _log = log;
    }

    public ResourceId ResourceId { get; }

    /// <summary>Where this TaskManager's RPC endpoint listens.</summary>
    public IPEndPoint RpcEndPoint => _server.EndPoint;

    public LogFiles LogFiles => _logging.Files;

    /// <summary>Completes with the process's exit code when the TaskManager must terminate (a fatal error).</summary>
    public Task<int> Terminated => _terminated.Task;

    /// <summary>The id of the current registration with the ResourceManager; null while not registered.</summary>
    public string? RegistrationId => _connection.RegistrationId;

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
            var group = metrics.CreateTaskManagerGroup(id.Hex, host);
            if (metrics.IsEnabled)
            {
                ProcessStatusMetrics.Register(group);
                // No task runs here yet, so none of the managed memory budget is in use.
                ProcessStatusMetrics.RegisterManagedMemory(group, managed, () => 0L);
            }
            var process = new TaskExecutorRpcService.Process(id, metrics, new Diagnostics.EventPipeStackSampler(), files);
            server = await RpcServer.StartAsync(config.Get(ClusterRpcOptions.TaskManagerBindHost) ?? host, config.Get(ClusterRpcOptions.TaskManagerRpcPort),
                logging.LoggerFactory, services => services.AddSingleton(process), app => app.MapGrpcService<TaskExecutorRpcService>(), cancellationToken);
            log.LogInformation("TaskManager RPC endpoint listening on {EndPoint}; JobManager at {Host}:{Port}.", server.EndPoint, jobManagerHost, jobManagerPort);

            var slots = config.Get(CoreOptions.NumberOfTaskSlots);
            var memory = TaskManagerResources.LocalMemory(config, 1);
            var dataPort = config.Get(ClusterRpcOptions.TaskManagerDataPort) is > 0 and var p ? p : -1;
            var rpcPort = server.EndPoint.Port;
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
                // Every slot is free: no task is deployed to a TaskManager process yet.
                m.SlotReport.Slots.AddRange(Enumerable.Range(0, slots).Select(i => new SlotStatus { SlotIndex = i }));
                return m;
            }

            channel = RpcChannels.Open(jobManagerHost, jobManagerPort);
            var backoff = new RegistrationBackoff(config.Get(ClusterRpcOptions.RegistrationInitialTimeout), config.Get(ClusterRpcOptions.RegistrationMaxTimeout),
                config.Get(ClusterRpcOptions.RegistrationErrorDelay), config.Get(ClusterRpcOptions.RegistrationRefusedDelay));
            var connection = new ResourceManagerConnection(new ResourceManagerGateway.ResourceManagerGatewayClient(RpcChannels.Versioned(channel)), Registration, backoff,
                config.Get(CoreOptions.HeartbeatInterval), config.Get(CoreOptions.HeartbeatTimeout), config.Get(ClusterRpcOptions.TaskManagerRegistrationTimeout),
                $"{jobManagerHost}:{jobManagerPort}", time, logging.LoggerFactory.CreateLogger<ResourceManagerConnection>());
            var runner = new TaskManagerRunner(id, logging, stdout, server, channel, connection, metrics, log);
            runner._loop = runner.RunConnectionAsync();
            return runner;
        }
        catch (Exception e)
        {
            log.LogError(e, "The TaskManager failed to start.");
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
