using Brook.Core.States;
using Brook.Core.Ids;
using Brook.Runtime.MiniCluster;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Stops, off the task thread that asked, one TaskExecutor of the cluster on which the job has a running task, as a
/// TaskExecutor shut down in a local cluster: it unregisters and its attempts fail with "TaskManager … was lost".
/// Requests run one after the other; one that finds no running task (the job ended meanwhile) stops nothing.
/// </summary>
internal sealed class TaskExecutorStopper
{
    private readonly Lock _lock = new();
    private readonly HashSet<ResourceId> _stopped = [];
    private Task _chain = Task.CompletedTask;
    private MiniCluster? _cluster;
    private Runtime.JobMaster.JobMaster? _job;

    /// <summary>Called after each stop.</summary>
    public Action Stopped { get; set; } = () => { };

    public int Count
    {
        get
        {
            lock (_lock) return _stopped.Count;
        }
    }

    /// <summary>Every requested stop done (faults included).</summary>
    public Task Completion
    {
        get
        {
            lock (_lock) return _chain;
        }
    }

    public void Attach(MiniCluster cluster, Runtime.JobMaster.JobMaster job)
    {
        lock (_lock) (_cluster, _job) = (cluster, job);
    }

    public void Request()
    {
        lock (_lock) _chain = _chain.ContinueWith(_ => StopOneAsync(), TaskScheduler.Default).Unwrap();
    }

    private async Task StopOneAsync()
    {
        MiniCluster cluster;
        Runtime.JobMaster.JobMaster job;
        lock (_lock)
        {
            if (_cluster is null || _job is null) return;
            (cluster, job) = (_cluster, _job);
        }
        var hosts = job.Snapshot().Vertices.SelectMany(v => v.Subtasks).Select(s => s.CurrentExecution)
            .Where(e => e.State == ExecutionState.RUNNING && e.TaskManagerId is not null).Select(e => e.TaskManagerId!.Value).ToHashSet();
        var victim = cluster.TaskExecutors.FirstOrDefault(t => hosts.Contains(t.Id) && !_stopped.Contains(t.Id));
        if (victim is null) return;
        lock (_lock) _stopped.Add(victim.Id);
        await victim.DisposeAsync();
        Stopped();
    }
}
