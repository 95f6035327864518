using Brook.Core.Ids;
using Brook.Runtime.Metrics;
using Brook.Runtime.ResourceManager;
using Brook.Runtime.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Runtime.TaskExecutor;

/// <summary>
/// Flink's TaskExecutor: a TaskManager's slots and the tasks running in them. It registers with the
/// ResourceManager and heartbeats to it, registering again if the ResourceManager has dropped it.
/// </summary>
public sealed partial class TaskExecutor : ITaskExecutorGateway, IAsyncDisposable
{
    private readonly ResourceManager.ResourceManager? _resourceManager;
    private readonly ILogger _log;
    private readonly ITimer? _heartbeat;
    private readonly TimeProvider _time;
    private readonly ITimer _metricsView;

    /// <summary>The window of per-second task metrics (Flink's metric views update every 5 seconds).</summary>
    public static readonly TimeSpan MetricViewInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _tasksLock = new();
    private readonly Dictionary<ExecutionAttemptId, StreamTask> _tasks = new();
    private int _stopped;

    private readonly Dictionary<Core.Ids.JobId, (MetricGroup Group, int Tasks)> _jobMetricGroups = new();

    public TaskExecutor(TaskManagerRegistration registration, ResourceManager.ResourceManager resourceManager, TimeSpan heartbeatInterval, TimeProvider time, ILogger? log = null,
        MetricRegistry? metricRegistry = null) : this(registration, time, log, metricRegistry, MetricRegistry.LocalHost)
    {
        _resourceManager = resourceManager;
        _resourceManager.Register(registration);
        _resourceManager.PartitionTracker.RegisterTaskExecutor(registration.Id, PartitionStore);
        _heartbeat = time.CreateTimer(_ => SendHeartbeat(), null, heartbeatInterval, heartbeatInterval);
    }

    /// <summary>
    /// A TaskExecutor whose ResourceManager is in another process (a TaskManager process): the process registers and
    /// heartbeats over its RPC connection, and its tasks report to their JobMasters through the deployment RPC.
    /// </summary>
    internal TaskExecutor(TaskManagerRegistration registration, TimeProvider time, ILogger? log, MetricRegistry? metricRegistry, string host)
    {
        Registration = registration;
        var registry = metricRegistry ?? MetricRegistry.Disabled;
        MetricGroup = registry.CreateTaskManagerGroup(registration.Id.Hex, host);
        if (registry.IsEnabled)
        {
            ProcessStatusMetrics.Register(MetricGroup);
            // No Brook operator takes managed memory yet, so none of the budget is in use.
            ProcessStatusMetrics.RegisterManagedMemory(MetricGroup, registration.Memory.ManagedMemory, () => 0L);
        }
        _log = log ?? NullLogger.Instance;
        _time = time;
        _metricsView = time.CreateTimer(_ => UpdateMetricViews(), null, MetricViewInterval, MetricViewInterval);
    }

    /// <summary>Raised when a task starts or ends here (RunningTasks changed).</summary>
    public event Action? TasksChanged;

    /// <summary>Raised after the per-second metric views of the running tasks were refreshed.</summary>
    public event Action? MetricsRefreshed;

    public TaskManagerRegistration Registration { get; }

    /// <summary>This TaskManager's metric group (Flink's TaskManagerMetricGroup): its process status and its jobs' tasks below.</summary>
    public MetricGroup MetricGroup { get; }

    public ResourceId Id => Registration.Id;

    /// <summary>This TaskManager's standard output, where its tasks' print sinks write; null for the console.</summary>
    public TextWriter? Stdout { get; init; }

    public string Address => Registration.Address;

    /// <summary>The task attempts currently running here.</summary>
    public int RunningTasks
    {
        get
        {
            lock (_tasksLock) return _tasks.Count;
        }
    }

    /// <summary>Starts a subtask attempt on its own thread; it reports its states to its JobMaster.</summary>
    public void SubmitTask(TaskDeploymentDescriptor descriptor)
    {
        if (Volatile.Read(ref _stopped) != 0) throw new InvalidOperationException($"TaskManager {Id} is shut down.");
        var task = new StreamTask(descriptor, _time, TaskMetricGroup(descriptor)) { Stdout = Stdout };
        BindNetworkShuffle(descriptor, task);
        task.Terminated += t =>
        {
            lock (_tasksLock)
            {
                _tasks.Remove(t.AttemptId);
                ReleaseJobMetricGroup(descriptor.JobId);
            }
            _log.LogInformation("Un-registering task and sending final execution state {State} to JobManager for task {Task} {Attempt}.", t.FinalState?.ToString(),
                t.ThreadName, t.AttemptId);
            TasksChanged?.Invoke();
        };
        lock (_tasksLock) _tasks[descriptor.AttemptId] = task;
        TasksChanged?.Invoke();
        _log.LogInformation("Received task {Task} ({Attempt}), deploy into slot {Slot} of job {Job}.", task.ThreadName, descriptor.AttemptId,
            descriptor.Slot, descriptor.JobId);
        task.Start();
    }

    /// <summary>The task's metric group below its job's group on this TaskManager (created with the job's first task here).</summary>
    private MetricGroup? TaskMetricGroup(TaskDeploymentDescriptor d)
    {
        var registry = MetricGroup.Registry;
        if (!registry.IsEnabled) return null;
        lock (_tasksLock)
        {
            if (!_jobMetricGroups.TryGetValue(d.JobId, out var job))
            {
                job = (registry.CreateTaskManagerJobGroup(MetricGroup, d.JobId.Hex, d.JobName), 0);
            }
            _jobMetricGroups[d.JobId] = (job.Group, job.Tasks + 1);
            return registry.CreateTaskGroup(job.Group, d.VertexId.Hex, d.AttemptId.ToString(), d.TaskName, d.SubtaskIndex, d.AttemptNumber);
        }
    }

    private void ReleaseJobMetricGroup(Core.Ids.JobId jobId)
    {
        if (!_jobMetricGroups.TryGetValue(jobId, out var job)) return;
        if (job.Tasks <= 1)
        {
            _jobMetricGroups.Remove(jobId);
            job.Group.Close();
        }
        else
        {
            _jobMetricGroups[jobId] = (job.Group, job.Tasks - 1);
        }
    }

    private void UpdateMetricViews()
    {
        List<StreamTask> running;
        lock (_tasksLock) running = _tasks.Values.ToList();
        foreach (var t in running) t.Metrics.UpdateView();
        MetricsRefreshed?.Invoke();
    }

    public void CancelTask(ExecutionAttemptId attemptId)
    {
        StreamTask? task;
        lock (_tasksLock) _tasks.TryGetValue(attemptId, out task);
        task?.Cancel();
    }

    public void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, Checkpointing.CheckpointProperties properties) =>
        Find(attemptId)?.TriggerCheckpoint(checkpointId, timestamp, properties);

    public void NotifyCheckpointComplete(ExecutionAttemptId attemptId, long checkpointId) => Find(attemptId)?.NotifyCheckpointComplete(checkpointId);

    public void NotifyCheckpointAborted(ExecutionAttemptId attemptId, long checkpointId) => Find(attemptId)?.NotifyCheckpointAborted(checkpointId);

    public TaskMetricsSnapshot? GetTaskMetrics(ExecutionAttemptId attemptId) => Find(attemptId)?.Metrics.Snapshot();

    public IReadOnlyDictionary<string, Streaming.Accumulators.IAccumulator>? GetAccumulators(ExecutionAttemptId attemptId) =>
        Find(attemptId)?.SnapshotAccumulators();

    /// <summary>Waits until no task runs here any more, at most <paramref name="timeout"/>; false when some still run.</summary>
    public async Task<bool> WaitForTasksAsync(TimeSpan timeout)
    {
        var none = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (RunningTasks == 0) none.TrySetResult();
        }
        TasksChanged += Check;
        try
        {
            Check();
            return await Task.WhenAny(none.Task, Task.Delay(timeout, _time)) == none.Task;
        }
        finally
        {
            TasksChanged -= Check;
        }
    }

    /// <summary>Cancels every task running here (a TaskManager process that lost its JobManager: no one would hear of them).</summary>
    internal void CancelAllTasks()
    {
        List<StreamTask> running;
        lock (_tasksLock) running = _tasks.Values.ToList();
        foreach (var t in running) t.Cancel();
    }

    /// <summary>The latest metrics and accumulators of every task running here (what a TaskManager process reports to its JobMasters).</summary>
    internal IReadOnlyList<(Core.Ids.JobId Job, ExecutionAttemptId Attempt, TaskMetricsSnapshot Metrics, IReadOnlyDictionary<string, Streaming.Accumulators.IAccumulator> Accumulators)> RunningTaskMetrics()
    {
        List<StreamTask> running;
        lock (_tasksLock) running = _tasks.Values.ToList();
        return running.Select(t => (t.JobId, t.AttemptId, t.Metrics.Snapshot(), t.SnapshotAccumulators())).ToList();
    }

    private StreamTask? Find(ExecutionAttemptId attemptId)
    {
        lock (_tasksLock) return _tasks.GetValueOrDefault(attemptId);
    }

    /// <summary>Stops heartbeating without unregistering: how a TaskManager that hangs or dies looks to the ResourceManager.</summary>
    public void StopHeartbeats() => _heartbeat?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void SendHeartbeat()
    {
        if (Volatile.Read(ref _stopped) != 0 || _resourceManager is null) return;
        if (!_resourceManager.Heartbeat(Id))
        {
            _log.LogWarning("ResourceManager does not know TaskManager {Id}; registering again.", Id);
            _resourceManager.Register(Registration);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _heartbeat?.Dispose();
            _metricsView.Dispose();
            MetricGroup.Close();
            // Unregistering first makes the loss of this TaskManager the cause its jobs see, not the cancellation of their tasks.
            _resourceManager?.Unregister(Id, "TaskManager shut down.");
            List<StreamTask> running;
            lock (_tasksLock) running = _tasks.Values.ToList();
            foreach (var t in running) t.Cancel();
            PartitionStore.ReleaseAll();
        }
        return ValueTask.CompletedTask;
    }
}
