using Brook.Runtime.Network.Remote;

namespace Brook.Runtime.Network;

/// <summary>
/// The in-memory channels between producer and consumer subtasks of one TaskManager (Flink's LocalInputChannel reading
/// its producer's subpartition by reference): whichever of the two is deployed first creates the ring, the other finds
/// it. Keyed by the producer attempt's partition id, so a restarted producer never meets its predecessor's ring.
/// </summary>
internal sealed class LocalChannelRegistry(LocalChannelSizing sizing)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(ResultPartitionId Partition, int Subpartition), object> _channels = new();

    public LocalInputChannel<T> GetOrCreate<T>(ResultPartitionId partition, int subpartitionIndex, int subpartitions)
    {
        lock (_lock)
        {
            if (_channels.TryGetValue((partition, subpartitionIndex), out var existing))
            {
                return existing as LocalInputChannel<T>
                    ?? throw new InvalidOperationException($"Subpartition {subpartitionIndex} of {partition} carries {existing.GetType().GenericTypeArguments[0]}, not {typeof(T)}.");
            }
            var channel = new LocalInputChannel<T>(sizing.Capacity<T>(subpartitions), sizing.RecordsPerBuffer);
            _channels[(partition, subpartitionIndex)] = channel;
            return channel;
        }
    }

    /// <summary>Forgets a channel: its consumer ended, or its producer failed (nobody will read what it holds).</summary>
    public void Release(ResultPartitionId partition, int subpartitionIndex)
    {
        lock (_lock) _channels.Remove((partition, subpartitionIndex));
    }

    /// <summary>Channels registered now (created by a producer or consumer and not released).</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _channels.Count;
        }
    }
}
