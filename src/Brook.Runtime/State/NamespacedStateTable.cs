using System.Runtime.InteropServices;
using Brook.Core.Hashing;

namespace Brook.Runtime.State;

/// <summary>A state table whose values are scoped to a namespace (a window): maps keyed by (key, namespace).</summary>
internal sealed class NamespacedStateTable<TKey, TNamespace, TValue>(KeyGroupRange keyGroupRange) : StateTable<TKey, TNamespace, TValue>
{
    private readonly Dictionary<StateKey<TKey, TNamespace>, TValue>?[] _groups = new Dictionary<StateKey<TKey, TNamespace>, TValue>?[keyGroupRange.NumberOfKeyGroups];

    public override bool TryGet(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value)
    {
        var map = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (map is not null) return map.TryGetValue(key, out value!);
        value = default!;
        return false;
    }

    public override void Put(int keyGroup, in StateKey<TKey, TNamespace> key, TValue value)
    {
        ref var map = ref _groups[keyGroup - keyGroupRange.StartKeyGroup];
        map ??= new Dictionary<StateKey<TKey, TNamespace>, TValue>();
        map[key] = value;
    }

    public override ref TValue GetValueRefOrAddDefault(int keyGroup, in StateKey<TKey, TNamespace> key, out bool exists)
    {
        ref var map = ref _groups[keyGroup - keyGroupRange.StartKeyGroup];
        map ??= new Dictionary<StateKey<TKey, TNamespace>, TValue>();
        return ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out exists)!;
    }

    public override bool Remove(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value)
    {
        var map = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (map is not null) return map.Remove(key, out value!);
        value = default!;
        return false;
    }

    public override void ClearKeyGroup(int keyGroup) => _groups[keyGroup - keyGroupRange.StartKeyGroup]?.Clear();

    public override int CountIn(int keyGroup) => _groups[keyGroup - keyGroupRange.StartKeyGroup]?.Count ?? 0;

    public override IEnumerable<(StateKey<TKey, TNamespace> Key, TValue Value)> EntriesIn(int keyGroup)
    {
        var map = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (map is null) yield break;
        foreach (var (key, value) in map) yield return (key, value);
    }

    public override IEnumerable<TKey> KeysIn(TNamespace ns)
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
