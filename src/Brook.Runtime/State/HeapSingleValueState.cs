using Brook.Streaming.State.Internal;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>
/// Shared logic of states that keep one value per (key, namespace) with TTL: value, reducing and
/// aggregating state (the latter two store the reduced value or the accumulator).
/// </summary>
internal abstract class HeapSingleValueState<TKey, TNamespace, TValue>(
    HeapKeyedStateBackend<TKey> backend, string name, int kindCode, TtlPolicy ttl, TNamespace initialNamespace)
    : HeapKvState<TKey, TNamespace, TtlValue<TValue>>(backend, name, kindCode, ttl, initialNamespace)
    where TNamespace : notnull
{
    /// <summary>Reads the current value, applying TTL: an expired value is removed (and returned only if the config says so).</summary>
    protected bool TryReadValue(out TValue value) => TryReadValue(Backend.CurrentKeyGroup, CurrentStateKey, out value);

    protected bool TryReadValue(int keyGroup, StateKey<TKey, TNamespace> key, out TValue value)
    {
        if (!Table.TryGet(keyGroup, key, out var stored))
        {
            value = default!;
            return false;
        }
        if (Ttl.Enabled)
        {
            if (Ttl.IsExpired(stored.LastAccess))
            {
                Table.Remove(keyGroup, key, out _);
                value = stored.Value;
                return Ttl.ReturnExpired;
            }
            if (Ttl.UpdateOnRead) Table.Put(keyGroup, key, stored with { LastAccess = Ttl.Now });
        }
        value = stored.Value;
        return true;
    }

    protected void WriteValue(TValue value) => PutStored(new TtlValue<TValue>(value, Ttl.Now));

    protected void WriteValue(StateKey<TKey, TNamespace> key, TValue value) => Table.Put(Backend.CurrentKeyGroup, key, new TtlValue<TValue>(value, Ttl.Now));

    protected override void WriteStored(ref MessagePackWriter writer, TtlValue<TValue> stored) => WriteTtlValue(ref writer, stored);

    protected override TtlValue<TValue> ReadStored(ref MessagePackReader reader) => ReadTtlValue<TValue>(ref reader);
}
