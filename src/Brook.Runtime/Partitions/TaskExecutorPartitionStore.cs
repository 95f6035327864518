using Brook.Core.Ids;

namespace Brook.Runtime.Partitions;

/// <summary>
/// The blocking result partitions kept on one TaskManager (Flink's ResultPartitionManager with its
/// TaskExecutorPartitionTracker): job partitions live while their job runs; partitions of a cached result are promoted to
/// cluster partitions when their job finished and stay until released (DELETE /datasets/:id, invalidation, loss of the
/// TaskManager). <see cref="StoredBytes"/> is the memory all kept buffers hold.
/// </summary>
internal sealed class TaskExecutorPartitionStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ResultPartitionId, BlockingResultPartition> _jobPartitions = new();
    private readonly Dictionary<IntermediateDataSetId, (int Total, Dictionary<int, BlockingResultPartition> Partitions)> _clusterPartitions = new();

    /// <summary>Keeps a new job partition, releasing one it replaces (a restarted producer writes its partition anew).</summary>
    public void Register(BlockingResultPartition partition)
    {
        BlockingResultPartition? replaced;
        lock (_lock)
        {
            _jobPartitions.Remove(partition.Id, out replaced);
            _jobPartitions[partition.Id] = partition;
        }
        replaced?.Release();
    }

    public BlockingResultPartition? JobPartition(ResultPartitionId id)
    {
        lock (_lock) return _jobPartitions.GetValueOrDefault(id);
    }

    /// <summary>Releases the given job partitions (those a restarted or finished stage no longer needs).</summary>
    public void Release(IEnumerable<ResultPartitionId> ids)
    {
        var released = new List<BlockingResultPartition>();
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (_jobPartitions.Remove(id, out var p)) released.Add(p);
            }
        }
        foreach (var p in released) p.Release();
    }

    /// <summary>
    /// The job ended: partitions of the data sets in <paramref name="promote"/> (with their total partition counts) become
    /// cluster partitions, every other partition of the job is released. Returns whether cluster partitions changed.
    /// </summary>
    public bool ReleaseOrPromoteJobPartitions(JobId job, IReadOnlyDictionary<IntermediateDataSetId, int> promote)
    {
        var released = new List<BlockingResultPartition>();
        var promoted = false;
        lock (_lock)
        {
            foreach (var (id, p) in _jobPartitions.Where(kv => kv.Value.ProducerJob == job).ToList())
            {
                _jobPartitions.Remove(id);
                if (p.IsReleased || !promote.TryGetValue(id.DataSetId, out var total))
                {
                    released.Add(p);
                    continue;
                }
                if (!_clusterPartitions.TryGetValue(id.DataSetId, out var set))
                {
                    set = (total, new Dictionary<int, BlockingResultPartition>());
                    _clusterPartitions[id.DataSetId] = set;
                }
                if (set.Partitions.Remove(id.PartitionNumber, out var old)) released.Add(old);
                set.Partitions[id.PartitionNumber] = p;
                promoted = true;
            }
        }
        foreach (var p in released) p.Release();
        return promoted;
    }

    public BlockingResultPartition? ClusterPartition(IntermediateDataSetId dataSet, int partitionNumber)
    {
        lock (_lock) return _clusterPartitions.TryGetValue(dataSet, out var set) ? set.Partitions.GetValueOrDefault(partitionNumber) : null;
    }

    /// <summary>Frees every partition of the given cluster data sets hosted here.</summary>
    public void ReleaseClusterPartitions(IEnumerable<IntermediateDataSetId> dataSets)
    {
        var released = new List<BlockingResultPartition>();
        lock (_lock)
        {
            foreach (var id in dataSets)
            {
                if (_clusterPartitions.Remove(id, out var set)) released.AddRange(set.Partitions.Values);
            }
        }
        foreach (var p in released) p.Release();
    }

    /// <summary>The TaskManager shuts down: everything it kept is freed.</summary>
    public void ReleaseAll()
    {
        List<BlockingResultPartition> all;
        lock (_lock)
        {
            all = [.. _jobPartitions.Values, .. _clusterPartitions.Values.SelectMany(s => s.Partitions.Values)];
            _jobPartitions.Clear();
            _clusterPartitions.Clear();
        }
        foreach (var p in all) p.Release();
    }

    public ClusterPartitionReport CreateClusterPartitionReport()
    {
        lock (_lock)
        {
            return new ClusterPartitionReport(_clusterPartitions
                .Select(kv => new ClusterPartitionReport.Entry(kv.Key, kv.Value.Partitions.Keys.ToHashSet(), kv.Value.Total)).ToList());
        }
    }

    /// <summary>Bytes held by all kept partitions (job and cluster partitions).</summary>
    public long StoredBytes
    {
        get
        {
            lock (_lock) return _jobPartitions.Values.Sum(p => p.SizeInBytes) + _clusterPartitions.Values.Sum(s => s.Partitions.Values.Sum(p => p.SizeInBytes));
        }
    }

    /// <summary>Bytes held by the cluster partitions (cached results).</summary>
    public long ClusterPartitionBytes
    {
        get
        {
            lock (_lock) return _clusterPartitions.Values.Sum(s => s.Partitions.Values.Sum(p => p.SizeInBytes));
        }
    }

    public int NumberOfPartitions
    {
        get
        {
            lock (_lock) return _jobPartitions.Count + _clusterPartitions.Values.Sum(s => s.Partitions.Count);
        }
    }
}
