using Brook.Core.Hashing;

namespace Brook.Runtime.State;

/// <summary>One keyed state's values, one map per key group, so any key-group range can be snapshotted alone.</summary>
internal sealed class StateTable<TKey, TNamespace, TValue>(KeyGroupRange keyGroupRange)
{
    private readonly Dictionary<StateKey<TKey, TNamespace>, TValue>?[] _groups = new Dictionary<StateKey<TKey, TNamespace>, TValue>?[keyGroupRange.NumberOfKeyGroups];

    public bool TryGet(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value)
    {
        var map = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (map is not null) return map.TryGetValue(key, out value!);
        value = default!;
        return false;
    }

    public void Put(int keyGroup, in StateKey<TKey, TNamespace> key, TValue value)
    {
        ref var map = ref _groups[keyGroup - keyGroupRange.StartKeyGroup];
        map ??= new Dictionary<StateKey<TKey, TNamespace>, TValue>();
        map[key] = value;
    }

    /// <summary>A reference to the value slot of the key, added with the default value when missing (one lookup for read-modify-write).</summary>
    public ref TValue GetValueRefOrAddDefault(int keyGroup, in StateKey<TKey, TNamespace> key, out bool exists)
    {
        ref var map = ref _groups[keyGroup - keyGroupRange.StartKeyGroup];
        map ??= new Dictionary<StateKey<TKey, TNamespace>, TValue>();
        return ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, key, out exists)!;
    }

    public bool Remove(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value)
    {
        var map = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (map is not null) return map.Remove(key, out value!);
        value = default!;
        return false;
    }

    public IReadOnlyDictionary<StateKey<TKey, TNamespace>, TValue>? Group(int keyGroup) => _groups[keyGroup - keyGroupRange.StartKeyGroup];

    public int Count => _groups.Sum(g => g?.Count ?? 0);

    /// <summary>All keys that have a value in the given namespace (for applying a function to every key's state).</summary>
    public IEnumerable<TKey> KeysIn(TNamespace ns)
    {
        var comparer = EqualityComparer<TNamespace>.Default;
        foreach (var map in _groups)
        {
            if (map is null) continue;
            foreach (var key in map.Keys.Where(k => comparer.Equals(k.Namespace, ns)).ToList())
                yield return key.Key;
        }
    }
}
