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

    public void SelectKeyGroups(ReadOnlySpan<Operators.StreamRecord<T>> records, Span<int> keyGroups)
    {
        var computer = _keyGroups ?? throw new InvalidOperationException("The key-group partitioner has no max parallelism yet.");
        var selector = KeySelector;
        keyGroups = keyGroups[..records.Length];
        for (var i = 0; i < records.Length; i++) keyGroups[i] = KeyHasher<TKey>.Hash(selector(records[i].Value));
        computer.KeyGroups(keyGroups);
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
}
