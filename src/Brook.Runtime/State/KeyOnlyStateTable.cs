using System.Runtime.InteropServices;
using Brook.Core.Hashing;

namespace Brook.Runtime.State;

// Keys of keyed streams are never null (as in Flink, a null key cannot be partitioned), so TKey fits the dictionary's notnull key.
#pragma warning disable CS8714

/// <summary>
/// A state table for state without a namespace: the namespace type has one value (<see cref="Brook.Streaming.State.Internal.VoidNamespace"/>),
/// so the maps are keyed by the typed key alone (no namespace to hash or compare on every access).
/// </summary>
internal sealed class KeyOnlyStateTable<TKey, TNamespace, TValue>(KeyGroupRange keyGroupRange, TNamespace onlyNamespace) : StateTable<TKey, TNamespace, TValue>
{
    private readonly Dictionary<TKey, TValue>?[] _groups = new Dictionary<TKey, TValue>?[keyGroupRange.NumberOfKeyGroups];

    public override bool TryGet(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value)
    {
        var map = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (map is not null) return map.TryGetValue(key.Key, out value!);
        value = default!;
        return false;
    }

    public override void Put(int keyGroup, in StateKey<TKey, TNamespace> key, TValue value)
    {
        ref var map = ref _groups[keyGroup - keyGroupRange.StartKeyGroup];
        map ??= new Dictionary<TKey, TValue>();
        map[key.Key] = value;
    }

    public override ref TValue GetValueRefOrAddDefault(int keyGroup, scoped in StateKey<TKey, TNamespace> key, out bool exists)
    {
        ref var map = ref _groups[keyGroup - keyGroupRange.StartKeyGroup];
        map ??= new Dictionary<TKey, TValue>();
        return ref CollectionsMarshal.GetValueRefOrAddDefault(map, key.Key, out exists)!;
    }

    public override bool Remove(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value)
    {
        var map = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (map is not null) return map.Remove(key.Key, out value!);
        value = default!;
        return false;
    }

    public override void ClearKeyGroup(int keyGroup) => _groups[keyGroup - keyGroupRange.StartKeyGroup]?.Clear();

    public override int CountIn(int keyGroup) => _groups[keyGroup - keyGroupRange.StartKeyGroup]?.Count ?? 0;

    public override IEnumerable<(StateKey<TKey, TNamespace> Key, TValue Value)> EntriesIn(int keyGroup)
    {
        var map = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (map is null) yield break;
        foreach (var (key, value) in map) yield return (new StateKey<TKey, TNamespace>(key, onlyNamespace), value);
    }

    public override IEnumerable<TKey> KeysIn(TNamespace ns)
    {
        foreach (var map in _groups)
        {
            if (map is null) continue;
            foreach (var key in map.Keys.ToList()) yield return key;
        }
    }
}
#pragma warning restore CS8714
