using Brook.Streaming.State.Internal;
using Brook.Streaming.State;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>A map per (key, namespace); with TTL every entry expires on its own, as in Flink.</summary>
internal sealed class HeapMapState<TNamespace, TKey, TValue>(
    HeapKeyedStateBackend backend, MapStateDescriptor<TKey, TValue> descriptor, TtlPolicy ttl, TNamespace initialNamespace)
    : HeapKvState<TNamespace, Dictionary<TKey, TtlValue<TValue>>>(backend, descriptor.Name, (int)StateKind.Map, ttl, initialNamespace),
        IInternalMapState<TNamespace, TKey, TValue>
    where TNamespace : notnull
    where TKey : notnull
{
    public bool TryGet(TKey key, out TValue value)
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

    public TValue Get(TKey key) => TryGet(key, out var value) ? value : default!;

    public void Put(TKey key, TValue value)
    {
        if (!TryGetStored(out var map))
        {
            map = new Dictionary<TKey, TtlValue<TValue>>();
            PutStored(map);
        }
        map[key] = new TtlValue<TValue>(value, Ttl.Now);
    }

    public void PutAll(IEnumerable<KeyValuePair<TKey, TValue>> entries)
    {
        foreach (var (key, value) in entries) Put(key, value);
    }

    public void Remove(TKey key)
    {
        if (TryGetStored(out var map)) RemoveEntry(map, key);
    }

    public bool Contains(TKey key) => TryGet(key, out _);

    public bool IsEmpty() => !LiveEntries().Any();

    public IEnumerable<KeyValuePair<TKey, TValue>> Entries() => LiveEntries();

    public IEnumerable<TKey> Keys() => LiveEntries().Select(e => e.Key);

    public IEnumerable<TValue> Values() => LiveEntries().Select(e => e.Value);

    /// <summary>A copy of the live entries, with expired ones removed first (so callers may modify the map while iterating).</summary>
    private List<KeyValuePair<TKey, TValue>> LiveEntries()
    {
        if (!TryGetStored(out var map)) return [];
        var result = new List<KeyValuePair<TKey, TValue>>(map.Count);
        List<TKey>? expired = null;
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

    private void RemoveEntry(Dictionary<TKey, TtlValue<TValue>> map, TKey key)
    {
        map.Remove(key);
        if (map.Count == 0) Clear();
    }

    protected override void WriteStored(ref MessagePackWriter writer, Dictionary<TKey, TtlValue<TValue>> stored)
    {
        writer.WriteArrayHeader(stored.Count);
        foreach (var (key, entry) in stored)
        {
            writer.WriteArrayHeader(2);
            MessagePackSerializer.Serialize(ref writer, key, StateSerialization.Options);
            WriteTtlValue(ref writer, entry);
        }
    }

    protected override Dictionary<TKey, TtlValue<TValue>> ReadStored(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        var map = new Dictionary<TKey, TtlValue<TValue>>(count);
        for (var i = 0; i < count; i++)
        {
            if (reader.ReadArrayHeader() != 2) throw new MessagePackSerializationException("A map state entry is written as [key, [lastAccess, value]].");
            var key = MessagePackSerializer.Deserialize<TKey>(ref reader, StateSerialization.Options);
            map[key] = ReadTtlValue<TValue>(ref reader);
        }
        return map;
    }
}
