using System.Runtime.InteropServices;
using Brook.Streaming.Operators;
using Brook.Streaming.State;

namespace Brook.Runtime.State;

// Keys of keyed streams are never null (as in Flink, a null key cannot be partitioned).
#pragma warning disable CS8714

/// <summary>
/// The in-place update loops of a run of records into one namespace's key map (the window operator's batch path), as
/// the appending states' AddAndReportFirst without TTL does per record. They are not generic over the namespace type,
/// so with value-type keys and values the runtime compiles them specialised (no shared generic code for windows). Each
/// returns how many records created their key's value, their positions in order at the start of <c>created</c>: few
/// records create (one per key and window), so the caller visits those alone instead of a flag per record.
/// </summary>
internal static class NamespacedBatchUpdates
{
    public static int Aggregate<TKey, TIn, TAcc, TOut>(
        Dictionary<TKey, NamespacedSlot<TtlValue<TAcc>>> map, IAggregateFunction<TIn, TAcc, TOut> function,
        ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<TIn>> records, Span<int> created)
    {
        var count = 0;
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
                created[count++] = i;
            }
        }
        return count;
    }

    public static int Reduce<TKey, T>(
        Dictionary<TKey, NamespacedSlot<TtlValue<T>>> map, Func<T, T, T> reduce,
        ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<T>> records, Span<int> created)
    {
        var count = 0;
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
                created[count++] = i;
            }
        }
        return count;
    }
}
#pragma warning restore CS8714
