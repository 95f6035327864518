using Brook.Core.Ids;

namespace Brook.Runtime.Partitions;

/// <summary>
/// The ResourceManager's view of the cluster partitions (Flink's ResourceManagerPartitionTrackerImpl): built only from
/// the TaskManagers' <see cref="ClusterPartitionReport"/>s, which are the truth. A data set is listed while any of its
/// partitions is hosted, complete while all are. A TaskManager that goes away loses its partitions; as in Flink, the
/// rest of a data set that lost partitions is released too (it can no longer be read whole), so a later job recomputes it.
/// </summary>
internal sealed class ResourceManagerPartitionTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ResourceId, TaskExecutorPartitionStore> _stores = new();
    private readonly Dictionary<IntermediateDataSetId, Dictionary<ResourceId, IReadOnlySet<int>>> _hosts = new();
    private readonly Dictionary<IntermediateDataSetId, int> _totals = new();
    private readonly Dictionary<IntermediateDataSetId, TaskCompletionSource> _releases = new();

    /// <summary>A TaskManager's partition store (in process, the TaskExecutor gateway the releases go to).</summary>
    public void RegisterTaskExecutor(ResourceId taskManager, TaskExecutorPartitionStore store)
    {
        lock (_lock) _stores[taskManager] = store;
    }

    public TaskExecutorPartitionStore? Store(ResourceId taskManager)
    {
        lock (_lock) return _stores.GetValueOrDefault(taskManager);
    }

    public void ProcessClusterPartitionReport(ResourceId taskManager, ClusterPartitionReport report)
    {
        HashSet<IntermediateDataSetId> lost;
        lock (_lock)
        {
            lost = HostedBy(taskManager);
            foreach (var entry in report.Entries)
            {
                if (!_hosts.TryGetValue(entry.DataSetId, out var hosts)) _hosts[entry.DataSetId] = hosts = new Dictionary<ResourceId, IReadOnlySet<int>>();
                var before = hosts.GetValueOrDefault(taskManager);
                hosts[taskManager] = entry.HostedPartitions;
                _totals[entry.DataSetId] = entry.NumTotalPartitions;
                if (before is null || entry.HostedPartitions.IsSupersetOf(before)) lost.Remove(entry.DataSetId);
            }
            foreach (var id in HostedBy(taskManager).Except(report.Entries.Select(e => e.DataSetId))) RemoveHost(id, taskManager);
        }
        AfterLoss(lost);
    }

    /// <summary>
    /// The TaskManager is gone (shut down, or dropped after missed heartbeats): its partitions count as lost. A dropped
    /// TaskManager that is still alive frees them too, since nothing will read them again.
    /// </summary>
    public void ProcessTaskExecutorShutdown(ResourceId taskManager)
    {
        HashSet<IntermediateDataSetId> lost;
        TaskExecutorPartitionStore? store;
        lock (_lock)
        {
            store = _stores.GetValueOrDefault(taskManager);
            lost = HostedBy(taskManager);
            foreach (var id in lost) RemoveHost(id, taskManager);
        }
        store?.ReleaseClusterPartitions(lost);
        AfterLoss(lost);
    }

    /// <summary>Releases every partition of the data set; completes once none is tracked any more (at once for an unknown data set, as Flink).</summary>
    public Task ReleaseClusterPartitions(IntermediateDataSetId dataSet)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (!_totals.ContainsKey(dataSet)) return Task.CompletedTask;
            if (!_releases.TryGetValue(dataSet, out done!)) _releases[dataSet] = done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        ReleaseOnHosts([dataSet]);
        return done.Task;
    }

    /// <summary>Every tracked data set (Flink's listDataSets).</summary>
    public IReadOnlyDictionary<IntermediateDataSetId, DataSetMetaInfo> ListDataSets()
    {
        lock (_lock)
        {
            return _totals.ToDictionary(kv => kv.Key,
                kv => new DataSetMetaInfo(_hosts.TryGetValue(kv.Key, out var h) ? h.Values.Sum(p => p.Count) : 0, kv.Value));
        }
    }

    /// <summary>Where partition <paramref name="partitionNumber"/> of a cluster data set lives; null when it is not hosted (any more).</summary>
    public BlockingResultPartition? FindClusterPartition(IntermediateDataSetId dataSet, int partitionNumber)
    {
        lock (_lock)
        {
            if (!_hosts.TryGetValue(dataSet, out var hosts)) return null;
            foreach (var (tm, partitions) in hosts)
            {
                if (partitions.Contains(partitionNumber) && _stores.TryGetValue(tm, out var store)) return store.ClusterPartition(dataSet, partitionNumber);
            }
            return null;
        }
    }

    private HashSet<IntermediateDataSetId> HostedBy(ResourceId taskManager) =>
        _hosts.Where(kv => kv.Value.ContainsKey(taskManager)).Select(kv => kv.Key).ToHashSet();

    /// <summary>Under the lock: forgets a host; a data set without hosts is gone and its pending release completes.</summary>
    private void RemoveHost(IntermediateDataSetId dataSet, ResourceId taskManager)
    {
        if (!_hosts.TryGetValue(dataSet, out var hosts)) return;
        hosts.Remove(taskManager);
        if (hosts.Count > 0) return;
        _hosts.Remove(dataSet);
        _totals.Remove(dataSet);
        if (_releases.Remove(dataSet, out var done)) done.TrySetResult();
    }

    private void AfterLoss(HashSet<IntermediateDataSetId> lost)
    {
        if (lost.Count > 0) ReleaseOnHosts(lost);
    }

    /// <summary>Tells each TaskManager hosting the data sets to release them, then processes the reports they answer with.</summary>
    private void ReleaseOnHosts(IReadOnlyCollection<IntermediateDataSetId> dataSets)
    {
        List<(ResourceId Tm, TaskExecutorPartitionStore Store)> targets;
        lock (_lock)
        {
            targets = dataSets.SelectMany(id => _hosts.GetValueOrDefault(id)?.Keys ?? Enumerable.Empty<ResourceId>()).Distinct()
                .Select(tm => (tm, _stores.GetValueOrDefault(tm))).Where(t => t.Item2 is not null).Select(t => (t.tm, t.Item2!)).ToList();
        }
        foreach (var (tm, store) in targets)
        {
            store.ReleaseClusterPartitions(dataSets);
            ProcessClusterPartitionReport(tm, store.CreateClusterPartitionReport());
        }
    }
}
