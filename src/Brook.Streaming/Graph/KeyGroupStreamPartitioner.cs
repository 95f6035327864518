namespace Brook.Streaming.Graph;

/// <summary>keyBy: key → stable hash → key group (of max parallelism) → the subtask owning that key group.</summary>
public sealed class KeyGroupStreamPartitioner<T, TKey>(Func<T, TKey> keySelector, int maxParallelism)
    : StreamPartitioner(PartitionerKind.Hash), IRecordChannelSelector<T>, IKeyGroupChannelSelector<T>, IKeyedPartitioner
{
    public Func<T, TKey> KeySelector { get; } = keySelector;

    public int MaxParallelism { get; } = maxParallelism;

    private readonly KeyGroupComputer? _keyGroups = maxParallelism > 0 ? new KeyGroupComputer(maxParallelism) : null;

    StreamPartitioner IKeyedPartitioner.WithMaxParallelism(int max) => new KeyGroupStreamPartitioner<T, TKey>(KeySelector, max);

    public int SelectChannel(T value, int numberOfChannels)
    {
        var keyGroups = _keyGroups ?? throw new InvalidOperationException("The key-group partitioner has no max parallelism yet.");
        return keyGroups.OperatorIndex(keyGroups.KeyGroup(KeyHasher<TKey>.Hash(KeySelector(value))), numberOfChannels);
    }

    public int SelectKeyGroup(T value)
    {
        var keyGroups = _keyGroups ?? throw new InvalidOperationException("The key-group partitioner has no max parallelism yet.");
        return keyGroups.KeyGroup(KeyHasher<TKey>.Hash(KeySelector(value)));
    }

    public int ChannelOf(int keyGroup, int numberOfChannels) => _keyGroups!.OperatorIndex(keyGroup, numberOfChannels);

    public void SelectKeyGroups(ReadOnlySpan<Operators.StreamRecord<T>> records, Span<int> keyGroups, Span<int> channels, int numberOfChannels)
    {
        var computer = _keyGroups ?? throw new InvalidOperationException("The key-group partitioner has no max parallelism yet.");
        var selector = KeySelector;
        var owners = Owners(numberOfChannels);
        keyGroups = keyGroups[..records.Length];
        channels = channels[..records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            var keyGroup = computer.KeyGroup(KeyHasher<TKey>.Hash(selector(records[i].Value)));
            keyGroups[i] = keyGroup;
            channels[i] = owners[keyGroup];
        }
    }

    public void SelectValueKeyGroups(ReadOnlySpan<T> values, Span<int> keyGroups, Span<int> channels, int numberOfChannels)
    {
        var computer = _keyGroups ?? throw new InvalidOperationException("The key-group partitioner has no max parallelism yet.");
        var selector = KeySelector;
        var owners = Owners(numberOfChannels);
        keyGroups = keyGroups[..values.Length];
        channels = channels[..values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var keyGroup = computer.KeyGroup(KeyHasher<TKey>.Hash(selector(values[i])));
            keyGroups[i] = keyGroup;
            channels[i] = owners[keyGroup];
        }
    }

    public void SelectValueKeyGroups(ReadOnlySpan<T> values, Span<int> keyGroups)
    {
        var computer = _keyGroups ?? throw new InvalidOperationException("The key-group partitioner has no max parallelism yet.");
        var selector = KeySelector;
        keyGroups = keyGroups[..values.Length];
        // The key selector runs once per value; the hashes become key groups in one pass over the run, eight at a time.
        for (var i = 0; i < values.Length; i++) keyGroups[i] = KeyHasher<TKey>.Hash(selector(values[i]));
        computer.KeyGroups(keyGroups);
    }

    /// <summary>
    /// The channel owning each key group, for the batch loops. The producer subtasks of an edge share the partitioner and
    /// all have the same channel count; the table is read and replaced as one reference, so they may race to build it.
    /// </summary>
    private int[] Owners(int numberOfChannels)
    {
        var owners = Volatile.Read(ref _ownersBox);
        if (owners is null || owners.Channels != numberOfChannels)
        {
            owners = new OwnerTable(numberOfChannels, _keyGroups!.OperatorIndexTable(numberOfChannels));
            Volatile.Write(ref _ownersBox, owners);
        }
        return owners.Owners;
    }

    private OwnerTable? _ownersBox;

    private sealed record OwnerTable(int Channels, int[] Owners);
}
