namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The subpartitions a TaskManager serves to remote consumers (Flink's ResultPartitionManager). A request for one that
/// is not registered (its producer has not started yet, or it was released) is answered "not found", and the consumer
/// asks again after a backoff, as Flink's PartitionNotFoundException retrigger.
/// </summary>
internal sealed class ResultPartitionManager
{
    private readonly object _lock = new();
    private readonly Dictionary<(ResultPartitionId, int), IResultSubpartitionView> _subpartitions = new();

    public void Register(ResultPartitionId partition, int subpartitionIndex, IResultSubpartitionView view)
    {
        lock (_lock)
        {
            if (!_subpartitions.TryAdd((partition, subpartitionIndex), view))
                throw new InvalidOperationException($"Subpartition {subpartitionIndex} of {partition} is registered already.");
        }
    }

    /// <summary>The registered subpartition, if its producer registered it and it was not released.</summary>
    public bool TryGetSubpartition(ResultPartitionId partition, int subpartitionIndex, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IResultSubpartitionView? view)
    {
        lock (_lock) return _subpartitions.TryGetValue((partition, subpartitionIndex), out view);
    }

    /// <summary>Forgets one subpartition (released after its consumer read it or left).</summary>
    public void Unregister(ResultPartitionId partition, int subpartitionIndex)
    {
        lock (_lock) _subpartitions.Remove((partition, subpartitionIndex));
    }

    /// <summary>Subpartitions registered and not released.</summary>
    public int RegisteredCount
    {
        get
        {
            lock (_lock) return _subpartitions.Count;
        }
    }

    /// <summary>Forgets the partition's subpartitions and returns them, for the caller to release.</summary>
    public List<IResultSubpartitionView> Unregister(ResultPartitionId partition)
    {
        lock (_lock)
        {
            var keys = _subpartitions.Keys.Where(k => k.Item1 == partition).ToList();
            var views = new List<IResultSubpartitionView>();
            foreach (var k in keys)
            {
                views.Add(_subpartitions[k]);
                _subpartitions.Remove(k);
            }
            return views;
        }
    }
}
