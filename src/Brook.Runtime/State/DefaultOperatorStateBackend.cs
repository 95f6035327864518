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
    /// snapshots of every subtask of the previous run, in subtask order, redistributed as Flink's
    /// <see cref="RoundRobinOperatorStateRepartitioner"/> does.
    /// </summary>
    public void Restore(IReadOnlyList<ReadOnlyMemory<byte>> previousSubtaskSnapshots, int subtaskIndex, int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(subtaskIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(subtaskIndex, parallelism);
        var previous = previousSubtaskSnapshots.Select(OperatorStateSnapshotFormat.Read).ToList();
        if (previous.Count == 0) return;
        foreach (var section in RoundRobinOperatorStateRepartitioner.Repartition(previous, parallelism)[subtaskIndex])
        {
            if (_states.TryGetValue(section.Name, out var registered))
            {
                if (registered.Mode != section.Mode) throw Conflict(section.Name);
                registered.RestoreElements(section.Elements);
                continue;
            }
            _pending[section.Name] = section;
        }
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
