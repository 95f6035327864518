using Brook.Streaming.State;

namespace Brook.Runtime.State;

/// <summary>
/// Operator (non-keyed) state of one subtask: list state, union list state and broadcast state.
/// <see cref="Restore"/> takes the snapshots of all subtasks of the previous run and redistributes them to
/// this subtask the way Flink does, so the job can resume at another parallelism.
/// </summary>
public sealed class DefaultOperatorStateBackend : IOperatorStateStore
{
    private readonly Dictionary<string, IOperatorStateEntry> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OperatorStateSnapshotFormat.StateSection> _pending = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> RegisteredStateNames => _states.Keys;

    public IListState<T> GetListState<T>(ListStateDescriptor<T> descriptor) =>
        GetOrCreateList(descriptor, OperatorStateDistributionMode.SplitDistribute);

    public IListState<T> GetUnionListState<T>(ListStateDescriptor<T> descriptor) =>
        GetOrCreateList(descriptor, OperatorStateDistributionMode.Union);

    public IBroadcastState<TKey, TValue> GetBroadcastState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull
    {
        if (_states.TryGetValue(descriptor.Name, out var existing))
            return existing as HeapBroadcastState<TKey, TValue> ?? throw Conflict(descriptor.Name);
        var state = new HeapBroadcastState<TKey, TValue>(descriptor.Name);
        if (TakePending(descriptor.Name, OperatorStateDistributionMode.Broadcast) is { } elements) state.RestoreElements(elements);
        _states[descriptor.Name] = state;
        return state;
    }

    public byte[] Snapshot() =>
        OperatorStateSnapshotFormat.Write(
            _states.Values.Select(s => new OperatorStateSnapshotFormat.StateSection(s.Name, s.Mode, s.SerializeElements()))
                .Concat(_pending.Values));

    /// <summary>
    /// Restores this subtask (<paramref name="subtaskIndex"/> of <paramref name="parallelism"/>) from the
    /// snapshots of every subtask of the previous run, in subtask order.
    /// </summary>
    public void Restore(IReadOnlyList<ReadOnlyMemory<byte>> previousSubtaskSnapshots, int subtaskIndex, int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subtaskIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtaskIndex, parallelism);
        var previous = previousSubtaskSnapshots.Select(OperatorStateSnapshotFormat.Read).ToList();
        if (previous.Count == 0) return;
        var byName = previous
            .SelectMany((states, oldIndex) => states.Select(s => (OldIndex: oldIndex, State: s)))
            .GroupBy(x => x.State.Name, StringComparer.Ordinal);
        foreach (var group in byName)
        {
            var modes = group.Select(x => x.State.Mode).Distinct().ToList();
            if (modes.Count != 1) throw new InvalidDataException($"Operator state '{group.Key}' has different distribution modes in different subtasks.");
            var mode = modes[0];
            var parts = group.OrderBy(x => x.OldIndex).Select(x => x.State.Elements).ToList();
            var elements = mode switch
            {
                OperatorStateDistributionMode.SplitDistribute => Split(parts, previous.Count, subtaskIndex, parallelism),
                OperatorStateDistributionMode.Union => parts.SelectMany(p => p).ToList(),
                _ => group.FirstOrDefault(x => x.OldIndex == subtaskIndex % previous.Count).State?.Elements ?? parts[0],
            };
            if (_states.TryGetValue(group.Key, out var registered))
            {
                if (registered.Mode != mode) throw Conflict(group.Key);
                registered.RestoreElements(elements);
                continue;
            }
            _pending[group.Key] = new OperatorStateSnapshotFormat.StateSection(group.Key, mode, elements.ToList());
        }
    }

    /// <summary>
    /// Flink's round-robin repartitioning: at unchanged parallelism every subtask keeps its own elements;
    /// otherwise all elements, in subtask order, are cut into contiguous parts, the first parts one longer.
    /// </summary>
    private static IReadOnlyList<byte[]> Split(List<IReadOnlyList<byte[]>> parts, int oldParallelism, int subtaskIndex, int parallelism)
    {
        if (oldParallelism == parallelism && parts.Count == parallelism) return parts[subtaskIndex];
        var all = parts.SelectMany(p => p).ToList();
        var baseSize = all.Count / parallelism;
        var remainder = all.Count % parallelism;
        var start = subtaskIndex * baseSize + Math.Min(subtaskIndex, remainder);
        var length = baseSize + (subtaskIndex < remainder ? 1 : 0);
        return all.GetRange(start, length);
    }

    private PartitionableListState<T> GetOrCreateList<T>(ListStateDescriptor<T> descriptor, OperatorStateDistributionMode mode)
    {
        if (_states.TryGetValue(descriptor.Name, out var existing))
            return existing is PartitionableListState<T> list && list.Mode == mode ? list : throw Conflict(descriptor.Name);
        var state = new PartitionableListState<T>(descriptor.Name, mode);
        if (TakePending(descriptor.Name, mode) is { } elements) state.RestoreElements(elements);
        _states[descriptor.Name] = state;
        return state;
    }

    private IReadOnlyList<byte[]>? TakePending(string name, OperatorStateDistributionMode mode)
    {
        if (!_pending.Remove(name, out var pending)) return null;
        if (pending.Mode != mode)
            throw new InvalidOperationException($"Operator state '{name}' was snapshotted as {pending.Mode} but is now registered as {mode}.");
        return pending.Elements;
    }

    private static InvalidOperationException Conflict(string name) =>
        new($"Operator state '{name}' is already registered as a different kind, distribution mode or type; each state name can be used for one state only.");
}
