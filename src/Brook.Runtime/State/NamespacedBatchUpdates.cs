using System.Runtime.InteropServices;
using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.Runtime.State;

// Keys of keyed streams are never null (as in Flink, a null key cannot be partitioned).
#pragma warning disable CS8714

/// <summary>
/// The in-place update loops of a run of records into one namespace's key map (the window operator's batch path), as
/// the appending states' AddAndReportFirst without TTL does per record. They are not generic over the namespace type,
/// so with value-type keys and values the runtime compiles them specialised (no shared generic code for windows).
/// </summary>
internal static class NamespacedBatchUpdates
{
    public static void Aggregate<TKey, TIn, TAcc, TOut>(
        Dictionary<TKey, NamespacedSlot<TtlValue<TAcc>>> map, IAggregateFunction<TIn, TAcc, TOut> function,
        ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<TIn>> records, Span<bool> created)
    {
        for (var i = 0; i < records.Length; i++)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, keys[i], out var exists);
            if (exists)
            {
                slot.Value = new TtlValue<TAcc>(function.Add(records[i].Value, slot.Value.Value), 0);
            }
            else
            {
                slot.KeyGroup = keyGroups[i];
                slot.Value = new TtlValue<TAcc>(function.Add(records[i].Value, function.CreateAccumulator()), 0);
            }
            created[i] = !exists;
        }
    }

    public static void Reduce<TKey, T>(
        Dictionary<TKey, NamespacedSlot<TtlValue<T>>> map, Func<T, T, T> reduce,
        ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<T>> records, Span<bool> created)
    {
        for (var i = 0; i < records.Length; i++)
        {
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, keys[i], out var exists);
            if (exists)
            {
                slot.Value = new TtlValue<T>(reduce(slot.Value.Value, records[i].Value), 0);
            }
            else
            {
                slot.KeyGroup = keyGroups[i];
                slot.Value = new TtlValue<T>(records[i].Value, 0);
            }
            created[i] = !exists;
        }
    }
}
#pragma warning restore CS8714
