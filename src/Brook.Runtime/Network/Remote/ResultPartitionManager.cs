namespace Brook.Runtime.Network.Remote;

/// <summary>
/// The subpartitions a TaskManager serves to remote consumers (Flink's ResultPartitionManager). A request that
/// arrives before its producer registered waits here until it does, so consumers need not retry.
/// </summary>
internal sealed class ResultPartitionManager
{
    private readonly object _lock = new();
    private readonly Dictionary<(ResultPartitionId, int), IResultSubpartitionView> _subpartitions = new();
    private readonly Dictionary<(ResultPartitionId, int), List<Action<IResultSubpartitionView>>> _pending = new();

    public void Register(ResultPartitionId partition, int subpartitionIndex, IResultSubpartitionView view)
    {
        List<Action<IResultSubpartitionView>>? waiting;
        lock (_lock)
        {
            if (!_subpartitions.TryAdd((partition, subpartitionIndex), view))
                throw new InvalidOperationException($"Subpartition {subpartitionIndex} of {partition} is registered already.");
            _pending.Remove((partition, subpartitionIndex), out waiting);
        }
        foreach (var w in waiting ?? []) w(view);
    }

    /// <summary>Calls <paramref name="onRegistered"/> with the subpartition now, or once its producer registers it.</summary>
    public void RequestSubpartition(ResultPartitionId partition, int subpartitionIndex, Action<IResultSubpartitionView> onRegistered)
    {
        IResultSubpartitionView? view;
        lock (_lock)
        {
            if (!_subpartitions.TryGetValue((partition, subpartitionIndex), out view))
            {
                if (!_pending.TryGetValue((partition, subpartitionIndex), out var list)) _pending[(partition, subpartitionIndex)] = list = [];
                list.Add(onRegistered);
                return;
            }
        }
        onRegistered(view);
    }

    /// <summary>Drops a request still waiting for its producer (the consumer cancelled or its connection closed).</summary>
    public void CancelPending(ResultPartitionId partition, int subpartitionIndex, Action<IResultSubpartitionView> onRegistered)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue((partition, subpartitionIndex), out var list)) return;
            list.Remove(onRegistered);
            if (list.Count == 0) _pending.Remove((partition, subpartitionIndex));
        }
    }

    /// <summary>Requests waiting for their producer to register.</summary>
    public int PendingRequestCount
    {
        get
        {
            lock (_lock) return _pending.Values.Sum(l => l.Count);
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
