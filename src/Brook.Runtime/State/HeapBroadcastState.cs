using Brook.Streaming.State.Internal;
using Brook.Streaming.State;
using MessagePack;

namespace Brook.Runtime.State;

/// <summary>Broadcast state of one subtask: a map, snapshotted as one element per entry.</summary>
internal sealed class HeapBroadcastState<TKey, TValue>(string name) : IBroadcastState<TKey, TValue>, IOperatorStateEntry where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _map = new();

    public string Name { get; } = name;

    public OperatorStateDistributionMode Mode => OperatorStateDistributionMode.Broadcast;

    public bool TryGet(TKey key, out TValue value) => _map.TryGetValue(key, out value!);

    public TValue Get(TKey key) => _map.TryGetValue(key, out var value) ? value : default!;

    public bool Contains(TKey key) => _map.ContainsKey(key);

    public IEnumerable<KeyValuePair<TKey, TValue>> ImmutableEntries() => _map.ToArray();

    public IEnumerable<KeyValuePair<TKey, TValue>> Entries() => _map.ToArray();

    public void Put(TKey key, TValue value) => _map[key] = value;

    public void PutAll(IEnumerable<KeyValuePair<TKey, TValue>> entries)
    {
        foreach (var (key, value) in entries) _map[key] = value;
    }

    public void Remove(TKey key) => _map.Remove(key);

    public void Clear() => _map.Clear();

    public IReadOnlyList<byte[]> SerializeElements() =>
        _map.Select(e => MessagePackSerializer.Serialize((e.Key, e.Value), StateSerialization.Options)).ToList();

    public void RestoreElements(IEnumerable<byte[]> elements)
    {
        foreach (var bytes in elements)
        {
            var (key, value) = MessagePackSerializer.Deserialize<(TKey, TValue)>(bytes, StateSerialization.Options);
            _map[key] = value;
        }
    }
}
