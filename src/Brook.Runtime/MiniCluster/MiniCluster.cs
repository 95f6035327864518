using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.ResourceManager;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TE = Brook.Runtime.TaskExecutor.TaskExecutor;

namespace Brook.Runtime.MiniCluster;

/// <summary>
/// A whole cluster in one process for `dotnet run` and tests (Flink's MiniCluster): a ResourceManager,
/// N TaskExecutors (minicluster.number-of-taskmanagers × taskmanager.numberOfTaskSlots) and a JobMaster
/// per submitted job. The cluster process wires the same pieces behind its Dispatcher and REST endpoint.
/// </summary>
public sealed class MiniCluster : IAsyncDisposable
{
    private readonly ConcurrentDictionary<JobId, JobMaster.JobMaster> _jobs = new();
    private readonly Lock _taskExecutorsLock = new();

    // Replaced, never mutated, so JobMasters look TaskManagers up without a lock while one is added.
    private volatile TE[] _taskExecutors = [];
    private readonly ILoggerFactory _logs;
    private readonly ConcurrentBag<Network.Remote.NettyShuffleEnvironment> _shuffleEnvironments = [];
    private int _disposed;

    public MiniCluster(Configuration? configuration = null, TimeProvider? time = null, ILoggerFactory? logs = null)
        : this(configuration, time, logs, metricsDumped: true)
    {
    }

    /// <param name="metricsDumped">
    /// False for a cluster whose metrics nothing can read (the embedded executor's: no REST endpoint, no reporter), so a
    /// finished task's metrics are not kept for a dump that never comes.
    /// </param>
    internal MiniCluster(Configuration? configuration, TimeProvider? time, ILoggerFactory? logs, bool metricsDumped)
    {
        Configuration = configuration?.Copy() ?? new Configuration();
        Time = time ?? TimeProvider.System;
        _logs = logs ?? NullLoggerFactory.Instance;
        var heartbeat = Configuration.Get(CoreOptions.HeartbeatInterval);
        ResourceManager = new ResourceManager.ResourceManager(heartbeat, Configuration.Get(CoreOptions.HeartbeatTimeout), Time,
            _logs.CreateLogger<ResourceManager.ResourceManager>());
        MetricRegistry = new Metrics.MetricRegistry(Metrics.ScopeFormats.FromConfiguration(Configuration), Time, Configuration.Get(MetricOptions.SystemEnabled))
        {
            KeepsLastValuesOfClosedGroups = metricsDumped,
        };
        for (var i = 0; i < Configuration.Get(CoreOptions.LocalNumberOfTaskManagers); i++) AddTaskExecutor();
    }

    /// <summary>Starts one more TaskManager with taskmanager.numberOfTaskSlots slots.</summary>
    public TE AddTaskExecutor()
    {
        var slots = Configuration.Get(CoreOptions.NumberOfTaskSlots);
        var managed = Configuration.Get(CoreOptions.TaskManagerManagedMemory);
        // With minicluster.network.tcp-exchange each TaskManager serves its data port on 127.0.0.1, as a TaskManager process would.
        var network = Configuration.Get(NettyShuffleEnvironmentOptions.MiniClusterTcpExchange)
            ? Network.Remote.NettyShuffleEnvironment.Create(Configuration, System.Net.IPAddress.Loopback, dataPort: 0)
            : null;
        if (network is not null) _shuffleEnvironments.Add(network);
        var registration = new TaskManagerRegistration(ResourceId.Generate(), "localhost", network?.DataAddress.Port ?? -1, slots, HardwareDescription.FromMachine(managed),
            new TaskExecutorMemoryConfiguration(0, 0, 0, 0, 0, managed, 0, 0, managed, managed)) { Host = "127.0.0.1" };
        var te = new TE(registration, ResourceManager, Configuration.Get(CoreOptions.HeartbeatInterval), Time, _logs.CreateLogger<TE>(), MetricRegistry)
        {
            ShuffleEnvironment = network,
        };
        lock (_taskExecutorsLock) _taskExecutors = [.. _taskExecutors, te];
        return te;
    }

    /// <summary>Adds TaskManagers until <paramref name="slots"/> slots are free (a kept cluster taking a wider job).</summary>
    public void EnsureFreeSlots(int slots)
    {
        while (ResourceManager.SlotCounts().Free < slots) AddTaskExecutor();
    }

    public Configuration Configuration { get; }

    /// <summary>The process's metrics (metrics.system.enabled: false leaves it empty).</summary>
    public Metrics.MetricRegistry MetricRegistry { get; }

    public TimeProvider Time { get; }

    public ResourceManager.ResourceManager ResourceManager { get; }

    public IReadOnlyList<TE> TaskExecutors => _taskExecutors;

    public IReadOnlyCollection<JobMaster.JobMaster> Jobs => _jobs.Values.ToList();

    /// <summary>Starts a JobMaster for the job; it schedules at once.</summary>
    public JobMaster.JobMaster SubmitJob(JobGraph.JobGraph jobGraph)
    {
        var jobMaster = new JobMaster.JobMaster(jobGraph, ResourceManager, id => _taskExecutors.FirstOrDefault(t => t.Id == id), Configuration, Time,
            _logs.CreateLogger<JobMaster.JobMaster>());
        if (!_jobs.TryAdd(jobGraph.JobId, jobMaster)) throw new InvalidOperationException($"Job {jobGraph.JobId} was already submitted.");
        jobMaster.Start();
        return jobMaster;
    }

    public JobMaster.JobMaster? GetJob(JobId jobId) => _jobs.GetValueOrDefault(jobId);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var job in _jobs.Values) job.Cancel();
        await Task.WhenAll(_jobs.Values.Select(j => j.ResultTask)).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        // The registry first: nothing can read it once the cluster is gone, so the TaskManagers' groups close without a last dump.
        MetricRegistry.Dispose();
        foreach (var te in _taskExecutors) await te.DisposeAsync().ConfigureAwait(false);
        foreach (var network in _shuffleEnvironments) network.Dispose();
        ResourceManager.Dispose();
    }
}
