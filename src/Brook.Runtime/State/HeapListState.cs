using Brook.Streaming.State.Internal;
using Brook.Streaming.State;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>A list per (key, namespace); with TTL every element expires on its own, as in Flink.</summary>
internal sealed class HeapListState<TKey, TNamespace, T>(HeapKeyedStateBackend<TKey> backend, ListStateDescriptor<T> descriptor, TtlPolicy ttl, TNamespace initialNamespace)
    : HeapKvState<TKey, TNamespace, List<TtlValue<T>>>(backend, descriptor.Name, (int)StateKind.List, ttl, initialNamespace),
        IInternalListState<TNamespace, T>, IInternalAddReportingState<T>
    where TNamespace : notnull
{
    public IEnumerable<T> Get() => TryGet(out var values) ? values : [];

    public bool TryGet(out IEnumerable<T> values)
    {
        var list = ReadList(Backend.CurrentKeyGroup, CurrentStateKey);
        if (list is null)
        {
            values = [];
            return false;
        }
        var result = new T[list.Count];
        for (var i = 0; i < result.Length; i++) result[i] = list[i].Value;
        values = result;
        return true;
    }

    public void Add(T value) => AddAndReportFirst(value);

    public bool AddAndReportFirst(T value)
    {
        if (TryGetStored(out var list))
        {
            list.Add(new TtlValue<T>(value, Ttl.Now));
            return false;
        }
        PutStored([new TtlValue<T>(value, Ttl.Now)]);
        return true;
    }

    public void AddAll(IEnumerable<T> values)
    {
        var now = Ttl.Now;
        var added = values.Select(v => new TtlValue<T>(v, now)).ToList();
        if (added.Count == 0) return;
        if (TryGetStored(out var list)) list.AddRange(added);
        else PutStored(added);
    }

    public void Update(IEnumerable<T> values)
    {
        var now = Ttl.Now;
        var list = values.Select(v => new TtlValue<T>(v, now)).ToList();
        if (list.Count == 0) Clear();
        else PutStored(list);
    }

    public void MergeNamespaces(TNamespace target, IEnumerable<TNamespace> sources)
    {
        var keyGroup = Backend.CurrentKeyGroup;
        var merged = new List<TtlValue<T>>();
        foreach (var source in sources)
        {
            var key = KeyFor(source);
            var list = ReadList(keyGroup, key);
            if (list is null) continue;
            Table.Remove(keyGroup, key, out _);
            merged.AddRange(list);
        }
        if (merged.Count == 0) return;
        var targetKey = KeyFor(target);
        if (Table.TryGet(keyGroup, targetKey, out var existing)) existing.AddRange(merged);
        else Table.Put(keyGroup, targetKey, merged);
    }

    /// <summary>The stored list with expired elements dropped (and TTL renewed on read when configured); null when empty.</summary>
    private List<TtlValue<T>>? ReadList(int keyGroup, StateKey<TKey, TNamespace> key)
    {
        if (!Table.TryGet(keyGroup, key, out var list)) return null;
        if (!Ttl.Enabled) return list;
        if (Ttl.ReturnExpired)
        {
            var snapshot = list.ToList();
            list.RemoveAll(e => Ttl.IsExpired(e.LastAccess));
            if (list.Count == 0) Table.Remove(keyGroup, key, out _);
            return snapshot;
        }
        list.RemoveAll(e => Ttl.IsExpired(e.LastAccess));
        if (list.Count == 0)
        {
            Table.Remove(keyGroup, key, out _);
            return null;
        }
        if (Ttl.UpdateOnRead)
        {
            var now = Ttl.Now;
            for (var i = 0; i < list.Count; i++) list[i] = list[i] with { LastAccess = now };
        }
        return list;
    }

    protected override void WriteStored(ref MessagePackWriter writer, List<TtlValue<T>> stored)
    {
        writer.WriteArrayHeader(stored.Count);
        foreach (var element in stored) WriteTtlValue(ref writer, element);
    }

    protected override List<TtlValue<T>> ReadStored(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        var list = new List<TtlValue<T>>(count);
        for (var i = 0; i < count; i++) list.Add(ReadTtlValue<T>(ref reader));
        return list;
    }
}
