using Brook.Core.Ids;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Runtime.ResourceManager;

/// <summary>
/// Flink's ResourceManager: the registry of TaskManagers and their slots. TaskManagers register and
/// heartbeat; one silent for longer than the heartbeat timeout is dropped and its slots with it.
/// </summary>
public sealed class ResourceManager : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ResourceId, Entry> _taskManagers = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _heartbeatTimeout;
    private readonly ILogger _log;
    private readonly ITimer _checker;

    public ResourceManager(TimeSpan heartbeatInterval, TimeSpan heartbeatTimeout, TimeProvider time, ILogger? log = null)
    {
        _time = time;
        _heartbeatTimeout = heartbeatTimeout;
        _log = log ?? NullLogger.Instance;
        var period = heartbeatInterval < heartbeatTimeout ? heartbeatInterval : heartbeatTimeout;
        _checker = time.CreateTimer(_ => CheckHeartbeats(), null, period, period);
    }

    /// <summary>Raised (outside the lock) when a TaskManager is dropped, with the jobs that had slots on it.</summary>
    public event Action<ResourceId, IReadOnlyList<JobId>, string>? TaskManagerLost;

    /// <summary>Raised (outside the lock) whenever slots are added, freed or lost.</summary>
    public event Action? SlotsChanged;

    public void Register(TaskManagerRegistration registration)
    {
        // A TaskManager that registers again under its id replaces its old registration, whose slots are lost with it.
        if (Get(registration.Id) is not null) Drop(registration.Id, $"TaskManager {registration.Id} registered again.");
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _taskManagers[registration.Id] = new Entry(registration, now, now, new JobId?[registration.NumberOfSlots]);
        }
        _log.LogInformation("Registered TaskManager {Id} at {Address} with {Slots} slots.", registration.Id, registration.Address, registration.NumberOfSlots);
        SlotsChanged?.Invoke();
    }

    /// <summary>Records a heartbeat; false means the TaskManager is unknown (dropped) and must register again.</summary>
    public bool Heartbeat(ResourceId id)
    {
        lock (_lock)
        {
            if (!_taskManagers.TryGetValue(id, out var e)) return false;
            e.LastHeartbeat = _time.GetUtcNow();
            return true;
        }
    }

    public void Unregister(ResourceId id, string reason) => Drop(id, reason);

    public IReadOnlyList<TaskManagerSnapshot> Snapshot()
    {
        lock (_lock)
        {
            return _taskManagers.Values.OrderBy(e => e.RegisteredAt).ThenBy(e => e.Registration.Id.Hex)
                .Select(e => e.ToSnapshot()).ToList();
        }
    }

    public TaskManagerSnapshot? Get(ResourceId id)
    {
        lock (_lock)
        {
            return _taskManagers.TryGetValue(id, out var e) ? e.ToSnapshot() : null;
        }
    }

    /// <summary>The slots a job can be given (of TaskManagers that take task deployments), all and free.</summary>
    public (int Total, int Free) SlotCounts()
    {
        lock (_lock)
        {
            var total = 0;
            var free = 0;
            foreach (var e in _taskManagers.Values.Where(e => e.Registration.CanDeployTasks))
            {
                total += e.Slots.Length;
                free += e.Slots.Count(s => s is null);
            }
            return (total, free);
        }
    }

    /// <summary>All or nothing: allocates <paramref name="count"/> free slots to a job, spreading over TaskManagers that take task deployments.</summary>
    public IReadOnlyList<SlotId>? TryAllocate(JobId job, int count)
    {
        lock (_lock)
        {
            var free = new List<SlotId>();
            var perTm = _taskManagers.Values.Where(e => e.Registration.CanDeployTasks).OrderBy(e => e.RegisteredAt).ThenBy(e => e.Registration.Id.Hex)
                .Select(e => Enumerable.Range(0, e.Slots.Length).Where(i => e.Slots[i] is null).Select(i => new SlotId(e.Registration.Id, i)).ToList())
                .ToList();
            // Round-robin over TaskManagers so load spreads, as Flink's default slot matching does with evenly spread-out slots.
            for (var round = 0; free.Count < count && perTm.Any(l => l.Count > round); round++)
            {
                foreach (var l in perTm)
                {
                    if (round < l.Count && free.Count < count) free.Add(l[round]);
                }
            }
            if (free.Count < count) return null;
            foreach (var s in free) _taskManagers[s.TaskManager].Slots[s.SlotIndex] = job;
            return free;
        }
    }

    /// <summary>Hands back the given slots of a job (it was rescaled down); slots no longer the job's are skipped.</summary>
    public void Release(JobId job, IEnumerable<SlotId> slots)
    {
        var changed = false;
        lock (_lock)
        {
            foreach (var slot in slots)
            {
                if (!_taskManagers.TryGetValue(slot.TaskManager, out var e) || e.Slots[slot.SlotIndex] != job) continue;
                e.Slots[slot.SlotIndex] = null;
                changed = true;
            }
        }
        if (changed) SlotsChanged?.Invoke();
    }

    public void Release(JobId job)
    {
        var changed = false;
        lock (_lock)
        {
            foreach (var e in _taskManagers.Values)
            {
                for (var i = 0; i < e.Slots.Length; i++)
                {
                    if (e.Slots[i] == job)
                    {
                        e.Slots[i] = null;
                        changed = true;
                    }
                }
            }
        }
        if (changed) SlotsChanged?.Invoke();
    }

    internal void CheckHeartbeats()
    {
        List<ResourceId> expired;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            expired = _taskManagers.Values.Where(e => now - e.LastHeartbeat > _heartbeatTimeout).Select(e => e.Registration.Id).ToList();
        }
        foreach (var id in expired) Drop(id, $"The heartbeat of TaskManager with id {id} timed out.");
    }

    private void Drop(ResourceId id, string reason)
    {
        IReadOnlyList<JobId> jobs;
        lock (_lock)
        {
            if (!_taskManagers.Remove(id, out var e)) return;
            jobs = e.Slots.Where(s => s is not null).Select(s => s!.Value).Distinct().ToList();
        }
        _log.LogWarning("Dropped TaskManager {Id}: {Reason}", id, reason);
        PartitionTracker.ProcessTaskExecutorShutdown(id);
        TaskManagerLost?.Invoke(id, jobs, reason);
        SlotsChanged?.Invoke();
    }

    /// <summary>The cluster partitions (cached results) the TaskManagers report.</summary>
    internal Partitions.ResourceManagerPartitionTracker PartitionTracker { get; } = new();

    /// <summary>The cluster data sets (cached intermediate results) with their completeness, as GET /datasets lists them.</summary>
    public IReadOnlyDictionary<IntermediateDataSetId, Partitions.DataSetMetaInfo> ListDataSets() => PartitionTracker.ListDataSets();

    /// <summary>Releases every partition of a cluster data set; completes when none is left (at once for an unknown one, as Flink).</summary>
    public Task ReleaseClusterPartitionsAsync(IntermediateDataSetId dataSet) => PartitionTracker.ReleaseClusterPartitions(dataSet);

    public void Dispose() => _checker.Dispose();

    private sealed class Entry(TaskManagerRegistration registration, DateTimeOffset registeredAt, DateTimeOffset lastHeartbeat, JobId?[] slots)
    {
        public TaskManagerRegistration Registration { get; } = registration;
        public DateTimeOffset RegisteredAt { get; } = registeredAt;
        public DateTimeOffset LastHeartbeat { get; set; } = lastHeartbeat;
        public JobId?[] Slots { get; } = slots;

        public TaskManagerSnapshot ToSnapshot() => new(Registration, RegisteredAt, LastHeartbeat, Slots.ToArray());
    }
}
