using Brook.Streaming.State.Internal;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>
/// Base of the heap keyed states: values are looked up by the backend's current key and key group and the
/// state's current namespace. <typeparamref name="TStored"/> is what is kept per (key, namespace).
/// </summary>
internal abstract class HeapKvState<TKey, TNamespace, TStored> : ISnapshottableKeyedState, IClearableKeyedState, IInternalKvState<TNamespace>
    where TNamespace : notnull
{
    protected readonly HeapKeyedStateBackend<TKey> Backend;
    protected readonly StateTable<TKey, TNamespace, TStored> Table;
    protected readonly TtlPolicy Ttl;
    private TNamespace _namespace;

    protected HeapKvState(HeapKeyedStateBackend<TKey> backend, string name, int kindCode, TtlPolicy ttl, TNamespace initialNamespace)
    {
        Backend = backend;
        Name = name;
        KindCode = kindCode;
        Ttl = ttl;
        Table = StateTable<TKey, TNamespace, TStored>.Create(backend.KeyGroupRange);
        _namespace = initialNamespace;
    }

    public string Name { get; }

    public int KindCode { get; }

    public TNamespace CurrentNamespace => _namespace;

    public void SetCurrentNamespace(TNamespace ns) => _namespace = ns;

    public void Clear() => Table.Remove(Backend.CurrentKeyGroup, CurrentStateKey, out _);

    protected StateKey<TKey, TNamespace> CurrentStateKey => new(Backend.CurrentKeyOrThrow, _namespace);

    protected StateKey<TKey, TNamespace> KeyFor(TNamespace ns) => new(Backend.CurrentKeyOrThrow, ns);

    protected bool TryGetStored(out TStored stored) => Table.TryGet(Backend.CurrentKeyGroup, CurrentStateKey, out stored);

    protected void PutStored(TStored stored) => Table.Put(Backend.CurrentKeyGroup, CurrentStateKey, stored);

    /// <summary>All keys with a value under the namespace (used by operators that visit every key).</summary>
    public IEnumerable<TKey> KeysIn(TNamespace ns) => Table.KeysIn(ns);

    public bool HasDataIn(int keyGroup) => Table.CountIn(keyGroup) > 0;

    public void ClearKeyGroup(int keyGroup) => Table.ClearKeyGroup(keyGroup);

    public void WriteKeyGroup(int keyGroup, ref MessagePackWriter writer)
    {
        writer.WriteArrayHeader(Table.CountIn(keyGroup));
        foreach (var (key, stored) in Table.EntriesIn(keyGroup))
        {
            HeapKeyedStateBackend<TKey>.WriteKey(ref writer, key.Key);
            MessagePackSerializer.Serialize(ref writer, key.Namespace, StateSerialization.Options);
            WriteStored(ref writer, stored);
        }
    }

    public void ReadKeyGroup(int keyGroup, ReadOnlyMemory<byte> payload)
    {
        var reader = new MessagePackReader(payload);
        var count = reader.ReadArrayHeader();
        for (var i = 0; i < count; i++)
        {
            var key = HeapKeyedStateBackend<TKey>.ReadKey(ref reader);
            var ns = MessagePackSerializer.Deserialize<TNamespace>(ref reader, StateSerialization.Options);
            Table.Put(keyGroup, new StateKey<TKey, TNamespace>(key, ns), ReadStored(ref reader));
        }
    }

    protected abstract void WriteStored(ref MessagePackWriter writer, TStored stored);

    protected abstract TStored ReadStored(ref MessagePackReader reader);

    protected static void WriteTtlValue<T>(ref MessagePackWriter writer, TtlValue<T> value)
    {
        writer.WriteArrayHeader(2);
        writer.Write(value.LastAccess);
        MessagePackSerializer.Serialize(ref writer, value.Value, StateSerialization.Options);
    }

    protected static TtlValue<T> ReadTtlValue<T>(ref MessagePackReader reader)
    {
        if (reader.ReadArrayHeader() != 2) throw new MessagePackSerializationException("A state value is written as [lastAccess, value].");
        var lastAccess = reader.ReadInt64();
        return new TtlValue<T>(MessagePackSerializer.Deserialize<T>(ref reader, StateSerialization.Options), lastAccess);
    }
}
