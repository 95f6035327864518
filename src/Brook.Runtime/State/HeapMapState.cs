using Brook.Streaming.State.Internal;
using Brook.Streaming.State;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>A map per (key, namespace); with TTL every entry expires on its own, as in Flink.</summary>
internal sealed class HeapMapState<TKey, TNamespace, TUserKey, TValue>(
    HeapKeyedStateBackend<TKey> backend, MapStateDescriptor<TUserKey, TValue> descriptor, TtlPolicy ttl, TNamespace initialNamespace)
    : HeapKvState<TKey, TNamespace, Dictionary<TUserKey, TtlValue<TValue>>>(backend, descriptor.Name, (int)StateKind.Map, ttl, initialNamespace),
        IInternalMapState<TNamespace, TUserKey, TValue>
    where TNamespace : notnull
    where TUserKey : notnull
{
    public bool TryGet(TUserKey key, out TValue value)
    {
        if (TryGetStored(out var map) && map.TryGetValue(key, out var entry))
        {
            if (Ttl.Enabled)
            {
                if (Ttl.IsExpired(entry.LastAccess))
                {
                    RemoveEntry(map, key);
                    value = entry.Value;
                    return Ttl.ReturnExpired;
                }
                if (Ttl.UpdateOnRead) map[key] = entry with { LastAccess = Ttl.Now };
            }
            value = entry.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public TValue Get(TUserKey key) => TryGet(key, out var value) ? value : default!;

    public void Put(TUserKey key, TValue value)
    {
        if (!TryGetStored(out var map))
        {
            map = new Dictionary<TUserKey, TtlValue<TValue>>();
            PutStored(map);
        }
        map[key] = new TtlValue<TValue>(value, Ttl.Now);
    }

    public void PutAll(IEnumerable<KeyValuePair<TUserKey, TValue>> entries)
    {
        foreach (var (key, value) in entries) Put(key, value);
    }

    public void Remove(TUserKey key)
    {
        if (TryGetStored(out var map)) RemoveEntry(map, key);
    }

    public bool Contains(TUserKey key) => TryGet(key, out _);

    public bool IsEmpty() => !LiveEntries().Any();

    public IEnumerable<KeyValuePair<TUserKey, TValue>> Entries() => LiveEntries();

    public IEnumerable<TUserKey> Keys() => LiveEntries().Select(e => e.Key);

    public IEnumerable<TValue> Values() => LiveEntries().Select(e => e.Value);

    /// <summary>A copy of the live entries, with expired ones removed first (so callers may modify the map while iterating).</summary>
    private List<KeyValuePair<TUserKey, TValue>> LiveEntries()
    {
        if (!TryGetStored(out var map)) return [];
        var result = new List<KeyValuePair<TUserKey, TValue>>(map.Count);
        List<TUserKey>? expired = null;
        var now = Ttl.Now;
        foreach (var (key, entry) in map)
        {
            if (Ttl.Enabled && Ttl.IsExpired(entry.LastAccess))
            {
                (expired ??= []).Add(key);
                if (Ttl.ReturnExpired) result.Add(new(key, entry.Value));
                continue;
            }
            result.Add(new(key, entry.Value));
        }
        if (expired is not null)
            foreach (var key in expired) map.Remove(key);
        if (Ttl.Enabled && Ttl.UpdateOnRead)
            foreach (var key in map.Keys.ToList()) map[key] = map[key] with { LastAccess = now };
        if (map.Count == 0) Clear();
        return result;
    }

    private void RemoveEntry(Dictionary<TUserKey, TtlValue<TValue>> map, TUserKey key)
    {
        map.Remove(key);
        if (map.Count == 0) Clear();
    }

    protected override void WriteStored(ref MessagePackWriter writer, Dictionary<TUserKey, TtlValue<TValue>> stored)
    {
        writer.WriteArrayHeader(stored.Count);
        foreach (var (key, entry) in stored)
        {
            writer.WriteArrayHeader(2);
            MessagePackSerializer.Serialize(ref writer, key, StateSerialization.Options);
            WriteTtlValue(ref writer, entry);
        }
    }

    protected override Dictionary<TUserKey, TtlValue<TValue>> ReadStored(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        var map = new Dictionary<TUserKey, TtlValue<TValue>>(count);
        for (var i = 0; i < count; i++)
        {
            if (reader.ReadArrayHeader() != 2) throw new MessagePackSerializationException("A map state entry is written as [key, [lastAccess, value]].");
            var key = MessagePackSerializer.Deserialize<TUserKey>(ref reader, StateSerialization.Options);
            map[key] = ReadTtlValue<TValue>(ref reader);
        }
        return map;
    }
}
