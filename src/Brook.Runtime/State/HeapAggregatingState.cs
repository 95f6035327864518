using Brook.Streaming.Operators;
using Brook.Streaming.State.Internal;
using Brook.Streaming.State;

namespace Brook.Runtime.State;

/// <summary>Stores the accumulator per (key, namespace); reading applies the aggregate function's GetResult.</summary>
internal sealed class HeapAggregatingState<TKey, TNamespace, TIn, TAcc, TOut>(
    HeapKeyedStateBackend<TKey> backend, AggregatingStateDescriptor<TIn, TAcc, TOut> descriptor, TtlPolicy ttl, TNamespace initialNamespace)
    : HeapSingleValueState<TKey, TNamespace, TAcc>(backend, descriptor.Name, (int)StateKind.Aggregating, ttl, initialNamespace),
        IInternalAggregatingState<TNamespace, TIn, TOut>, IInternalAddReportingState<TIn>,
        IInternalBatchAddState<TKey, TNamespace, TIn>
    where TNamespace : notnull
{
    private readonly IAggregateFunction<TIn, TAcc, TOut> _function = descriptor.AggregateFunction;

    public TOut Get() => TryReadValue(out var acc) ? _function.GetResult(acc) : default!;

    public bool TryGet(out TOut value)
    {
        if (TryReadValue(out var acc))
        {
            value = _function.GetResult(acc);
            return true;
        }
        value = default!;
        return false;
    }

    public void Add(TIn value) => AddAndReportFirst(value);

    public bool AddAndReportFirst(TIn value)
    {
        if (!Ttl.Enabled)
        {
            // Without TTL nothing expires: update the accumulator in place with one lookup.
            ref var slot = ref Table.GetValueRefOrAddDefault(Backend.CurrentKeyGroup, CurrentStateKey, out var exists);
            slot = new TtlValue<TAcc>(_function.Add(value, exists ? slot.Value : _function.CreateAccumulator()), 0);
            return !exists;
        }
        var existed = TryReadValue(out var current);
        WriteValue(_function.Add(value, existed ? current : _function.CreateAccumulator()));
        return !existed;
    }

    public int TryAddAll(TNamespace ns, ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<TIn>> records, Span<int> created)
    {
        if (Ttl.Enabled || Table is not NamespacedStateTable<TKey, TNamespace, TtlValue<TAcc>> table) return -1;
        // The window's map once for the run, then one in-place update per record (see NamespacedBatchUpdates).
        return NamespacedBatchUpdates.Aggregate(table.NamespaceForUpdate(ns), _function, keys, keyGroups, records, created);
    }

    /// <summary>The raw accumulator, for operators that combine it with a window function.</summary>
    public bool TryGetAccumulator(out TAcc accumulator) => TryReadValue(out accumulator);

    public void MergeNamespaces(TNamespace target, IEnumerable<TNamespace> sources)
    {
        var keyGroup = Backend.CurrentKeyGroup;
        var hasMerged = false;
        TAcc merged = default!;
        foreach (var source in sources)
        {
            var key = KeyFor(source);
            if (!TryReadValue(keyGroup, key, out var acc)) continue;
            Table.Remove(keyGroup, key, out _);
            merged = hasMerged ? _function.Merge(merged, acc) : acc;
            hasMerged = true;
        }
        if (!hasMerged) return;
        var targetKey = KeyFor(target);
        WriteValue(targetKey, TryReadValue(keyGroup, targetKey, out var existing) ? _function.Merge(existing, merged) : merged);
    }
}
