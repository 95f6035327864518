using System.Security.Cryptography;
using System.Text;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.Rest;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using ResourceManagerType = Brook.Runtime.ResourceManager.ResourceManager;

namespace Brook.Cluster.Rpc;

/// <summary>
/// The JobManager's side of the TaskManager processes registered with its ResourceManager (Flink's WorkerRegistration with
/// its TaskExecutorGateway): one RPC channel per registration, dropped with the TaskManager, and the calls the REST
/// endpoint makes to that process.
/// </summary>
internal sealed class RemoteTaskExecutors : IAsyncDisposable
{
    /// <summary>How long the REST endpoint waits for a TaskManager process to answer.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A log file larger than this is not copied to the JobManager (the log rolls over at log.file.max-size, 100 MB by default).</summary>
    public const long MaxFileBytes = 1L << 30;

    private readonly Lock _lock = new();
    private readonly Lock _registering = new();

    private readonly Dictionary<ResourceId, Connection> _connections = new();
    private readonly ResourceManagerType _resourceManager;
    private readonly ILogger _log;
    private readonly string _fileCache;

    // The connection of the registration in progress (under _registering), found before the ResourceManager has it.
    private Connection? _registeringConnection;

    private readonly JobMasterRegistry _jobMasters;

    public RemoteTaskExecutors(ResourceManagerType resourceManager, JobMasterRegistry jobMasters, ILogger log)
    {
        _resourceManager = resourceManager;
        _jobMasters = jobMasters;
        _log = log;
        _fileCache = Path.Combine(Path.GetTempPath(), "brook-taskmanager-files-" + Guid.NewGuid().ToString("N"));
        resourceManager.TaskManagerLost += OnTaskManagerLost;
    }

    /// <summary>A registered TaskManager process: its RPC channel and the token that ends its heartbeat stream when it is dropped.</summary>
    public sealed class Connection(ResourceId id, string registrationId, GrpcChannel channel, TaskExecutorRegistrations.Accepted accepted,
        Func<JobId, Runtime.JobMaster.JobMaster?> jobMasters, ILogger log)
    {
        public ResourceId Id { get; } = id;

        /// <summary>What the TaskManager registered with: a repeated attempt of the same process sends the same.</summary>
        public TaskExecutorRegistrations.Accepted Accepted { get; } = accepted;
        public string RegistrationId { get; } = registrationId;
        public GrpcChannel Channel { get; } = channel;
        public TaskExecutorGateway.TaskExecutorGatewayClient Client { get; } = new(RpcChannels.Versioned(channel));
        public CancellationTokenSource Dropped { get; } = new();

        /// <summary>What the JobMasters deploy this TaskManager's tasks through.</summary>
        public RemoteTaskExecutorGateway Gateway { get; } = new(id, accepted.Registration.Address,
            new TaskExecutorDeploymentGateway.TaskExecutorDeploymentGatewayClient(RpcChannels.Versioned(channel)), jobMasters, log);
    }

    /// <summary>Registers a TaskManager process with the ResourceManager (replacing an earlier registration under its id); the new registration's id.</summary>
    public Connection Register(TaskExecutorRegistrations.Accepted accepted)
    {
        // One registration at a time: a retried registration racing its first attempt must not leave the ResourceManager's
        // entry and the connection of different attempts.
        lock (_registering)
        {
            lock (_lock)
            {
                // A TaskManager whose attempt timed out on its side while it succeeded here asks again: the same process at
                // the same address keeps its registration (and its connection, which REST calls may be using) and gets its id again.
                if (_connections.TryGetValue(accepted.Registration.Id, out var existing) && SameProcess(existing.Accepted, accepted)
                    && _resourceManager.Heartbeat(accepted.Registration.Id))
                {
                    return existing;
                }
            }
            var connection = new Connection(accepted.Registration.Id, Guid.NewGuid().ToString("N"), RpcChannels.Open(accepted.Host, accepted.RpcPort), accepted,
                _jobMasters.Find, _log);
            // The ResourceManager drops an earlier registration under this id first, which closes its connection here
            // (OnTaskManagerLost). Registering offers the slots, and a JobMaster waiting for slots deploys to them at once,
            // so the new connection is found (as the registering one) before the ResourceManager knows the TaskManager.
            lock (_lock) _registeringConnection = connection;
            try
            {
                _resourceManager.Register(accepted.Registration);
                lock (_lock) _connections[connection.Id] = connection;
            }
            finally
            {
                lock (_lock) _registeringConnection = null;
            }
            return connection;
        }
    }

    private static bool SameProcess(TaskExecutorRegistrations.Accepted a, TaskExecutorRegistrations.Accepted b) =>
        a.Host == b.Host && a.RpcPort == b.RpcPort && a.ProcessId == b.ProcessId && a.Registration.NumberOfSlots == b.Registration.NumberOfSlots
        && a.Registration.DataPort == b.Registration.DataPort;

    /// <summary>The connection of the current registration of <paramref name="id"/> if it is <paramref name="registrationId"/>.</summary>
    public Connection? Current(ResourceId id, string registrationId)
    {
        lock (_lock) return _connections.TryGetValue(id, out var c) && c.RegistrationId == registrationId ? c : null;
    }

    /// <summary>The deployment gateway of the registered TaskManager process <paramref name="id"/> (a JobMaster's lookup); null if it is not registered.</summary>
    public RemoteTaskExecutorGateway? Gateway(ResourceId id) => Find(id)?.Gateway;

    public bool IsRemote(ResourceId id) => Find(id) is not null;

    private Connection? Find(ResourceId id)
    {
        lock (_lock) return _connections.GetValueOrDefault(id) ?? (_registeringConnection?.Id == id ? _registeringConnection : null);
    }

    private void OnTaskManagerLost(ResourceId id, IReadOnlyList<JobId> jobs, string reason)
    {
        Connection? connection;
        lock (_lock)
        {
            if (!_connections.Remove(id, out connection)) return;
        }
        Close(connection);
    }

    private static void Close(Connection connection)
    {
        connection.Gateway.Close();
        connection.Dropped.Cancel();
        connection.Channel.Dispose();
    }

    /// <summary>Every TaskManager process's metrics at this moment, asked of all of them at once; one that does not answer is left out.</summary>
    public IReadOnlyList<MetricDump> RequestMetricDumps()
    {
        List<Connection> all;
        lock (_lock) all = _connections.Values.ToList();
        if (all.Count == 0) return [];
        var answers = all.Select(async c =>
        {
            try
            {
                var response = await c.Client.RequestMetricDumpAsync(new TaskExecutorRequest { ResourceId = c.Id.Hex }, deadline: DateTime.UtcNow + CallTimeout);
                return response.Metrics.Select(m => RpcConversions.FromMessage(m, c.Id.Hex)).OfType<MetricDump>().ToList();
            }
            catch (RpcException e)
            {
                _log.LogWarning("Could not fetch the metrics of TaskManager {Id}: {Status}", c.Id, e.Status);
                return [];
            }
        }).ToList();
        // The REST side's MetricFetcher reads synchronously under its own lock, as Flink's fetcher waits for its queries.
        return Task.WhenAll(answers).GetAwaiter().GetResult().SelectMany(a => a).ToList();
    }

    public async Task<IReadOnlyList<ThreadInfoSample>?> RequestThreadDumpAsync(ResourceId id, int maxDepth, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } c) return null;
        var response = await Call(c, () => c.Client.RequestThreadDumpAsync(new ThreadDumpRequest { ResourceId = id.Hex, MaxDepth = maxDepth },
            deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken).ResponseAsync);
        return response.Threads.Select(RpcConversions.FromMessage).ToList();
    }

    /// <summary>
    /// Samples the threads of <paramref name="attempts"/> in TaskManager process <paramref name="id"/>; the call may take the
    /// whole sampling (samples × delay) on top of the usual timeout. An unknown TaskManager gives an empty answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>> RequestThreadInfoSamplesAsync(ResourceId id,
        IReadOnlyCollection<ExecutionAttemptId> attempts, ThreadInfoSamplesRequest request, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } c) return new Dictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>();
        var message = new TaskThreadSamplesRequest
        {
            ResourceId = id.Hex, NumSamples = request.NumSamples, DelayBetweenSamplesMs = (long)request.DelayBetweenSamples.TotalMilliseconds,
            MaxStackTraceDepth = request.MaxStackTraceDepth,
        };
        message.AttemptIds.AddRange(attempts.Select(a => a.Hex));
        var deadline = DateTime.UtcNow + CallTimeout + request.DelayBetweenSamples * request.NumSamples;
        var response = await Call(c, () => c.Client.RequestThreadInfoSamplesAsync(message, deadline: deadline, cancellationToken: cancellationToken).ResponseAsync);
        var asked = attempts.ToHashSet();
        // Only what was asked for counts: an answer naming other attempts is ignored rather than trusted.
        var samples = new Dictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>>();
        foreach (var a in response.Attempts)
        {
            if (HexId.TryNormalize(a.AttemptId, out var hex) && asked.Contains(new ExecutionAttemptId(hex)))
            {
                samples.TryAdd(new ExecutionAttemptId(hex), a.Samples.Select(RpcConversions.FromMessage).ToList());
            }
        }
        return samples;
    }

    public async Task<LogListInfo?> RequestLogListAsync(ResourceId id, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } c) return null;
        var response = await Call(c, () => c.Client.RequestLogListAsync(new TaskExecutorRequest { ResourceId = id.Hex }, deadline: DateTime.UtcNow + CallTimeout,
            cancellationToken: cancellationToken).ResponseAsync);
        return new LogListInfo(response.Files.Select(f => new LogInfo(f.Name, f.Size, f.Mtime)).ToList());
    }

    /// <summary>
    /// Copies one of the TaskManager's files into this process's cache and returns the copy's path (Flink uploads it to the
    /// BlobServer and serves it from there). A copy replaces the previous one of the same file atomically, so a response
    /// still reading the previous copy keeps reading it.
    /// </summary>
    public async Task<string?> RequestFileAsync(ResourceId id, TaskManagerFileType type, string? fileName, CancellationToken cancellationToken)
    {
        if (Find(id) is not { } c) return null;
        Directory.CreateDirectory(_fileCache);
        var key = type == TaskManagerFileType.Named ? "named-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fileName ?? ""))) : type.ToString().ToLowerInvariant();
        var target = Path.Combine(_fileCache, $"{id.Hex}-{key}");
        var partial = target + "." + Guid.NewGuid().ToString("N") + ".part";
        var request = new FileUploadRequest
        {
            ResourceId = id.Hex,
            Type = type switch
            {
                TaskManagerFileType.Log => FileType.Log,
                TaskManagerFileType.Stdout => FileType.Stdout,
                _ => FileType.Named,
            },
            FileName = fileName ?? "",
        };
        try
        {
            await Call(c, async () =>
            {
                using var call = c.Client.RequestFileUpload(request, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
                await using var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write);
                long total = 0;
                while (await call.ResponseStream.MoveNext(cancellationToken))
                {
                    var chunk = call.ResponseStream.Current.Data;
                    total += chunk.Length;
                    if (total > MaxFileBytes) throw new RestHandlerException($"The file of TaskManager {id} is larger than {MaxFileBytes} bytes.", 500);
                    await file.WriteAsync(chunk.Memory, cancellationToken);
                }
                return total;
            });
            File.Move(partial, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Runs a call to a TaskManager, turning its refusals into the REST errors Flink answers.</summary>
    private async Task<T> Call<T>(Connection c, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw new NotFoundException(e.Status.Detail);
        }
        catch (RpcException e)
        {
            _log.LogWarning("TaskManager {Id} did not answer: {Status}", c.Id, e.Status);
            throw new RestHandlerException($"Could not reach TaskExecutor {c.Id}: {e.Status.Detail}", 500, e);
        }
        catch (ObjectDisposedException e)
        {
            // The TaskManager was dropped (or registered anew) while the call ran, which closed its connection.
            throw new RestHandlerException($"Could not reach TaskExecutor {c.Id}: its connection was closed.", 500, e);
        }
    }

    public ValueTask DisposeAsync()
    {
        _resourceManager.TaskManagerLost -= OnTaskManagerLost;
        List<Connection> all;
        lock (_lock)
        {
            all = _connections.Values.ToList();
            _connections.Clear();
        }
        foreach (var c in all) Close(c);
        try
        {
            if (Directory.Exists(_fileCache)) Directory.Delete(_fileCache, recursive: true);
        }
        catch (IOException e)
        {
            _log.LogWarning("Could not delete {Directory}: {Message}", _fileCache, e.Message);
        }
        return ValueTask.CompletedTask;
    }
}
