using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.TaskExecutor;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;
using JobMasterType = Brook.Runtime.JobMaster.JobMaster;
using ResourceManagerType = Brook.Runtime.ResourceManager.ResourceManager;

namespace Brook.Cluster.JobManager;

/// <summary>
/// Flink's Dispatcher: accepts JobGraphs, runs each on a JobMaster over the cluster's ResourceManager and
/// TaskExecutors, and keeps running and finished jobs. A finished job stays visible as its final
/// ArchivedExecutionGraph for jobstore.expiration-time, at most jobstore.max-capacity of them (oldest go first).
/// </summary>
public sealed partial class Dispatcher : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<JobId, DispatcherJob> _jobs = new();
    private readonly Configuration _configuration;
    private readonly ResourceManagerType _resourceManager;
    private readonly Func<ResourceId, ITaskExecutorGateway?> _taskExecutors;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _logs;
    private readonly ILogger _log;
    private readonly int _maxCapacity;
    private readonly TimeSpan _expiration;
    private readonly int _exceptionHistorySize;
    private readonly TimeSpan _clientHeartbeatInterval;
    private ITimer? _clientAlivenessCheck;
    private readonly Brook.Rest.Async.CompletedOperationCache<Brook.Rest.Async.AsynchronousJobOperationKey, long> _checkpointTriggers;

    public Dispatcher(Configuration configuration, ResourceManagerType resourceManager, Func<ResourceId, ITaskExecutorGateway?> taskExecutors,
        TimeProvider time, ILoggerFactory? logs = null)
    {
        _configuration = configuration;
        _resourceManager = resourceManager;
        _taskExecutors = taskExecutors;
        _time = time;
        _logs = logs ?? NullLoggerFactory.Instance;
        _log = _logs.CreateLogger<Dispatcher>();
        _maxCapacity = configuration.Get(CoreOptions.JobStoreMaxCapacity);
        _expiration = configuration.Get(CoreOptions.JobStoreExpirationTime);
        _exceptionHistorySize = configuration.Get(CoreOptions.WebExceptionHistorySize);
        _clientHeartbeatInterval = configuration.Get(ClientHeartbeatOptions.HeartbeatInterval);
        _checkpointTriggers = new Brook.Rest.Async.CompletedOperationCache<Brook.Rest.Async.AsynchronousJobOperationKey, long>(configuration, time);
    }

    /// <summary>
    /// Triggers a checkpoint under <paramref name="key"/> unless one is already registered (Flink's
    /// DispatcherCachedOperationsHandler): the job is not checked here, so an unknown or finished job shows up as
    /// a completed operation with a FlinkJobNotFoundException. Every job has a coordinator (as in Flink), so a
    /// job without periodic checkpointing takes a manual checkpoint too.
    /// </summary>
    public void TriggerCheckpoint(Brook.Rest.Async.AsynchronousJobOperationKey key) =>
        _checkpointTriggers.TryRegister(key, () => TriggerCheckpointAsync(key.JobId));

    /// <summary>The trigger's state, or null when no operation is known under the key (never triggered, or expired).</summary>
    public Brook.Rest.Async.OperationResult<long>? RequestCheckpointTriggerStatus(Brook.Rest.Async.AsynchronousJobOperationKey key) =>
        _checkpointTriggers.Get(key);

    private async Task<long> TriggerCheckpointAsync(JobId jobId)
    {
        var jobMaster = Find(jobId)?.JobMaster;
        if (jobMaster is null || jobMaster.Status.IsGloballyTerminal()) throw new Brook.Rest.Handlers.FlinkJobNotFoundException(jobId);
        _log.LogInformation("Triggering a checkpoint for job {JobId}.", jobId);
        return (await jobMaster.CheckpointCoordinator.TriggerCheckpointAsync().ConfigureAwait(false)).CheckpointId;
    }

    /// <summary>Raised when a JobMaster is created for a submitted job, before it starts (metrics hook in).</summary>
    public event Action<JobMasterType>? JobMasterCreated;

    /// <summary>
    /// Starts a JobMaster for the job. <paramref name="onTerminated"/> runs once the job has ended and was archived
    /// (the job package's lease is released there, so the package can be unloaded).
    /// </summary>
    /// <summary>Raised when a job's status or any of its executions changed, and when a finished job was archived.</summary>
    public event Action<JobId>? JobChanged;

    public void SubmitJob(JobGraphType jobGraph, Action? onTerminated = null)
    {
        var jobConfiguration = _configuration.Copy();
        foreach (var (k, v) in jobGraph.Configuration.Entries()) jobConfiguration.SetRaw(k, v);
        var jobMaster = new JobMasterType(jobGraph, _resourceManager, _taskExecutors, jobConfiguration, _time, _logs.CreateLogger<JobMasterType>());
        JobMasterCreated?.Invoke(jobMaster);
        var entry = new DispatcherJob(jobMaster, JobPlans.Plan(jobGraph), JobPlans.Config(jobGraph, _configuration), onTerminated);
        // An attached job that shuts down with its client waits for the client's heartbeats (Flink's initial client heartbeat timeout).
        var endsWithClient = jobConfiguration.Get(ClientHeartbeatOptions.Attached) && jobConfiguration.Get(ClientHeartbeatOptions.ShutdownOnAttachedExit);
        if (endsWithClient)
        {
            entry.ClientExpiredTimestamp = _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)jobConfiguration.Get(ClientHeartbeatOptions.HeartbeatTimeout).TotalMilliseconds;
        }
        lock (_lock)
        {
            Prune();
            if (_jobs.ContainsKey(jobGraph.JobId)) throw new DuplicateJobSubmissionException(jobGraph.JobId);
            _jobs[jobGraph.JobId] = entry;
            if (endsWithClient)
            {
                _clientAlivenessCheck ??= _time.CreateTimer(_ => CheckClientAliveness(), null, _clientHeartbeatInterval, _clientHeartbeatInterval);
            }
        }
        _log.LogInformation("Received job {Name} ({JobId}).", jobGraph.Name, jobGraph.JobId);
        jobMaster.StateChanged += jm => JobChanged?.Invoke(jm.JobId);
        jobMaster.ResultTask.ContinueWith(_ => Archive(entry), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            jobMaster.Start();
        }
        catch (Exception e)
        {
            _log.LogError(e, "Job {JobId} could not be started.", jobGraph.JobId);
            lock (_lock) _jobs.Remove(jobGraph.JobId);
            throw;
        }
    }

    public IReadOnlyList<JobDetailsSnapshot> RequestJobs()
    {
        List<DispatcherJob> entries;
        lock (_lock)
        {
            Prune();
            entries = _jobs.Values.ToList();
        }
        return entries.Select(e => Details(e.Snapshot())).OrderByDescending(j => j.StartTime).ThenBy(j => j.Id.Hex, StringComparer.Ordinal).ToList();
    }

    /// <summary>A consistent snapshot of a running or archived job, its exception history bounded by web.exception-history-size.</summary>
    public ExecutionGraphInfo? RequestExecutionGraph(JobId jobId)
    {
        var entry = Find(jobId);
        if (entry is null) return null;
        return new ExecutionGraphInfo(BoundExceptionHistory(entry.Snapshot(), _exceptionHistorySize), entry.Plan, entry.Config);
    }

    /// <summary>Keeps the latest <paramref name="size"/> failures (web.exception-history-size), as Flink's bounded history does.</summary>
    internal static ArchivedExecutionGraph BoundExceptionHistory(ArchivedExecutionGraph graph, int size) =>
        graph.ExceptionHistory.Count <= size ? graph : graph with { ExceptionHistory = graph.ExceptionHistory.Skip(graph.ExceptionHistory.Count - size).ToList() };

    /// <summary>The job's final result once it ended (completes at once for an archived job); null for an unknown job.</summary>
    public Task<ArchivedExecutionGraph>? RequestJobResult(JobId jobId) => Find(jobId)?.Archived;

    public JobCancellationResult CancelJob(JobId jobId)
    {
        var entry = Find(jobId);
        if (entry is null) return JobCancellationResult.NotFound;
        var jobMaster = entry.JobMaster;
        var status = jobMaster?.Status ?? entry.Snapshot().Status;
        if (jobMaster is null || status.IsGloballyTerminal()) return new JobCancellationResult(JobCancellationOutcome.AlreadyTerminal, status);
        _log.LogInformation("Cancelling job {JobId}.", jobId);
        jobMaster.Cancel();
        return JobCancellationResult.Accepted;
    }

    /// <summary>
    /// Records the client's heartbeat (Flink's Dispatcher.reportJobClientHeartbeat): it extends the life of a job that
    /// ends with its client. False when no such job runs (unknown or already ended).
    /// </summary>
    public bool ReportJobClientHeartbeat(JobId jobId, long expiredTimestamp)
    {
        var entry = Find(jobId);
        if (entry?.JobMaster is null) return false;
        lock (_lock)
        {
            if (entry.ClientExpiredTimestamp > 0) entry.ClientExpiredTimestamp = Math.Max(entry.ClientExpiredTimestamp, expiredTimestamp);
        }
        return true;
    }

    /// <summary>Cancels running jobs whose client stopped heartbeating (Flink's checkJobClientAliveness).</summary>
    private void CheckClientAliveness()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        List<DispatcherJob> expired;
        lock (_lock) expired = _jobs.Values.Where(j => j.JobMaster is not null && j.ClientExpiredTimestamp > 0 && j.ClientExpiredTimestamp <= now).ToList();
        foreach (var job in expired)
        {
            _log.LogWarning("The heartbeat from the job client timed out; cancelling job {JobId}. Adjust the heartbeat with '{Interval}' and '{Timeout}'.",
                job.JobId, ClientHeartbeatOptions.HeartbeatInterval.Key, ClientHeartbeatOptions.HeartbeatTimeout.Key);
            job.JobMaster?.Cancel();
        }
    }

    private DispatcherJob? Find(JobId jobId)
    {
        lock (_lock)
        {
            Prune();
            return _jobs.GetValueOrDefault(jobId);
        }
    }

    private void Archive(DispatcherJob entry)
    {
        var final = entry.JobMaster!.Snapshot();
        lock (_lock)
        {
            entry.SetArchived(final, _time.GetUtcNow());
            Prune();
        }
        _log.LogInformation("Job {Name} ({JobId}) reached {Status} and was archived.", final.JobName, final.JobId, final.Status);
        entry.OnTerminated?.Invoke();
        JobChanged?.Invoke(final.JobId);
    }

    /// <summary>Drops archived jobs older than jobstore.expiration-time, then the oldest beyond jobstore.max-capacity (under the lock).</summary>
    private void Prune()
    {
        var now = _time.GetUtcNow();
        var archived = _jobs.Values.Where(j => j.ArchivedAt is not null).OrderBy(j => j.ArchivedAt).ToList();
        var excess = archived.Count - _maxCapacity;
        foreach (var j in archived)
        {
            if (now - j.ArchivedAt!.Value >= _expiration || excess-- > 0) _jobs.Remove(j.JobId);
        }
    }

    private static JobDetailsSnapshot Details(ArchivedExecutionGraph g)
    {
        var counts = g.Vertices.SelectMany(v => v.Subtasks).GroupBy(s => s.CurrentExecution.State).ToDictionary(x => x.Key, x => x.Count());
        var lastModification = g.StatusTimestamps.Values.Concat(g.Vertices.SelectMany(v => v.Subtasks).SelectMany(s => s.CurrentExecution.StateTimestamps.Values))
            .DefaultIfEmpty(g.StartTime).Max();
        return new JobDetailsSnapshot(g.JobId, g.JobName, g.Status, g.StartTime, g.EndTime, lastModification, counts, 0);
    }

    /// <summary>Cancels the jobs still running and waits (bounded) for them to end, so their slots and threads are released.</summary>
    public async ValueTask DisposeAsync()
    {
        List<JobMasterType> running;
        lock (_lock)
        {
            _clientAlivenessCheck?.Dispose();
            running = _jobs.Values.Select(j => j.JobMaster).OfType<JobMasterType>().ToList();
        }
        foreach (var jm in running) jm.Cancel();
        try
        {
            await Task.WhenAll(running.Select(j => j.ResultTask)).WaitAsync(TimeSpan.FromSeconds(30), _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.LogWarning("{Count} jobs did not finish cancelling within 30 s of shutdown.", running.Count(j => !j.ResultTask.IsCompleted));
        }
    }
}
