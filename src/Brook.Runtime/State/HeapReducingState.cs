using Brook.Streaming.Operators;
using Brook.Streaming.State.Internal;
using Brook.Streaming.State;

namespace Brook.Runtime.State;

internal sealed class HeapReducingState<TKey, TNamespace, T>(HeapKeyedStateBackend<TKey> backend, ReducingStateDescriptor<T> descriptor, TtlPolicy ttl, TNamespace initialNamespace)
    : HeapSingleValueState<TKey, TNamespace, T>(backend, descriptor.Name, (int)StateKind.Reducing, ttl, initialNamespace), IInternalReducingState<TNamespace, T>, IInternalAddReportingState<T>,
        IInternalBatchAddState<TKey, TNamespace, T>
    where TNamespace : notnull
{
    private readonly Func<T, T, T> _reduce = descriptor.ReduceFunction;

    public T Get() => TryReadValue(out var value) ? value : default!;

    public bool TryGet(out T value) => TryReadValue(out value);

    public void Add(T value) => AddAndReportFirst(value);

    public bool AddAndReportFirst(T value)
    {
        if (!Ttl.Enabled)
        {
            // Without TTL nothing expires: reduce in place with one lookup.
            ref var slot = ref Table.GetValueRefOrAddDefault(Backend.CurrentKeyGroup, CurrentStateKey, out var exists);
            slot = new TtlValue<T>(exists ? _reduce(slot.Value, value) : value, 0);
            return !exists;
        }
        var existed = TryReadValue(out var current);
        WriteValue(existed ? _reduce(current, value) : value);
        return !existed;
    }

    public int TryAddAll(TNamespace ns, ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<T>> records, Span<int> created)
    {
        if (Ttl.Enabled || Table is not NamespacedStateTable<TKey, TNamespace, TtlValue<T>> table) return -1;
        // The window's map once for the run, then one in-place update per record (see NamespacedBatchUpdates).
        return NamespacedBatchUpdates.Reduce(table.NamespaceForUpdate(ns), _reduce, keys, keyGroups, records, created);
    }

    public void MergeNamespaces(TNamespace target, IEnumerable<TNamespace> sources)
    {
        var keyGroup = Backend.CurrentKeyGroup;
        var hasMerged = false;
        T merged = default!;
        foreach (var source in sources)
        {
            var key = KeyFor(source);
            if (!TryReadValue(keyGroup, key, out var value)) continue;
            Table.Remove(keyGroup, key, out _);
            merged = hasMerged ? _reduce(merged, value) : value;
            hasMerged = true;
        }
        if (!hasMerged) return;
        var targetKey = KeyFor(target);
        WriteValue(targetKey, TryReadValue(keyGroup, targetKey, out var existing) ? _reduce(existing, merged) : merged);
    }
}
