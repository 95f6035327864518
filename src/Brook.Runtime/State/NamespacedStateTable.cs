using System.Runtime.InteropServices;
using Brook.Core.Hashing;

namespace Brook.Runtime.State;

// Keys of keyed streams are never null (as in Flink, a null key cannot be partitioned), and the operator sets a
// window before every access, so both fit the dictionaries' notnull keys.
#pragma warning disable CS8714

/// <summary>
/// A state table whose values are scoped to a namespace (a window), laid out namespace → key → value: the
/// records of a window hit one map of that window's keys, and the namespace of the last access is remembered,
/// so consecutive records of the same window object pay one lookup by the typed key alone (not a (key, window)
/// pair hashed through shared generic code in a table of every open window's keys). Each entry keeps its key
/// group; the per-key-group view that snapshots read is built on first use after a change.
/// </summary>
internal sealed class NamespacedStateTable<TKey, TNamespace, TValue>(KeyGroupRange keyGroupRange) : StateTable<TKey, TNamespace, TValue>
{
    private readonly Dictionary<TNamespace, Dictionary<TKey, NamespacedSlot<TValue>>> _namespaces = new();

    private TNamespace _lastNamespace = default!;
    private Dictionary<TKey, NamespacedSlot<TValue>>? _lastMap;

    // The map of the last window that emptied (fired), kept with its capacity for the next window: tumbling windows
    // hold about as many keys each, so the next window's map does not grow from empty again.
    private Dictionary<TKey, NamespacedSlot<TValue>>? _spare;

    // The entries grouped by key group, for snapshots (which read every key group in turn); dropped on any change.
    private List<(StateKey<TKey, TNamespace> Key, TValue Value)>?[]? _byKeyGroup;

    public override bool TryGet(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value)
    {
        if (MapOf(key.Namespace) is { } map && map.TryGetValue(key.Key, out var slot))
        {
            value = slot.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public override void Put(int keyGroup, in StateKey<TKey, TNamespace> key, TValue value)
    {
        _byKeyGroup = null;
        (MapOf(key.Namespace) ?? AddNamespace(key.Namespace))[key.Key] = new NamespacedSlot<TValue>(keyGroup, value);
    }

    public override ref TValue GetValueRefOrAddDefault(int keyGroup, scoped in StateKey<TKey, TNamespace> key, out bool exists)
    {
        _byKeyGroup = null;
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(MapOf(key.Namespace) ?? AddNamespace(key.Namespace), key.Key, out exists);
        if (!exists) slot.KeyGroup = keyGroup;
        return ref slot.Value;
    }

    public override bool Remove(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value)
    {
        if (MapOf(key.Namespace) is not { } map || !map.Remove(key.Key, out var slot))
        {
            value = default!;
            return false;
        }
        _byKeyGroup = null;
        // A window whose last key is cleared (it fired) leaves no empty map behind.
        if (map.Count == 0)
        {
            _namespaces.Remove(key.Namespace);
            if (ReferenceEquals(map, _lastMap)) _lastMap = null;
            _spare = map;
        }
        value = slot.Value;
        return true;
    }

    public override void ClearKeyGroup(int keyGroup)
    {
        var drop = new List<StateKey<TKey, TNamespace>>();
        foreach (var (ns, map) in _namespaces)
        {
            foreach (var (key, slot) in map)
            {
                if (slot.KeyGroup == keyGroup) drop.Add(new StateKey<TKey, TNamespace>(key, ns));
            }
        }
        foreach (var key in drop) Remove(keyGroup, key, out _);
    }

    public override int CountIn(int keyGroup) => ByKeyGroup()[keyGroup - keyGroupRange.StartKeyGroup]?.Count ?? 0;

    public override IEnumerable<(StateKey<TKey, TNamespace> Key, TValue Value)> EntriesIn(int keyGroup) =>
        ByKeyGroup()[keyGroup - keyGroupRange.StartKeyGroup] ?? [];

    public override IEnumerable<TKey> KeysIn(TNamespace ns) => MapOf(ns) is { } map ? map.Keys.ToList() : [];

    /// <summary>
    /// The namespace's map of keys, created when missing, for a caller that updates a run of keys in place (a window's
    /// batch of records): each new slot must get its key group. The snapshot view is dropped as on any change.
    /// </summary>
    public Dictionary<TKey, NamespacedSlot<TValue>> NamespaceForUpdate(TNamespace ns)
    {
        _byKeyGroup = null;
        return MapOf(ns) ?? AddNamespace(ns);
    }

    private Dictionary<TKey, NamespacedSlot<TValue>>? MapOf(TNamespace ns)
    {
        // Windows are reference types: the same window object as the last access is the common case (tumbling windows).
        if (_lastMap is not null && !typeof(TNamespace).IsValueType && ReferenceEquals(ns, _lastNamespace)) return _lastMap;
        if (!_namespaces.TryGetValue(ns, out var map)) return null;
        _lastNamespace = ns;
        _lastMap = map;
        return map;
    }

    private Dictionary<TKey, NamespacedSlot<TValue>> AddNamespace(TNamespace ns)
    {
        var map = _spare ?? new Dictionary<TKey, NamespacedSlot<TValue>>();
        _spare = null;
        _namespaces.Add(ns, map);
        _lastNamespace = ns;
        _lastMap = map;
        return map;
    }

    private List<(StateKey<TKey, TNamespace> Key, TValue Value)>?[] ByKeyGroup()
    {
        if (_byKeyGroup is { } grouped) return grouped;
        grouped = new List<(StateKey<TKey, TNamespace>, TValue)>?[keyGroupRange.NumberOfKeyGroups];
        foreach (var (ns, map) in _namespaces)
        {
            foreach (var (key, slot) in map)
                (grouped[slot.KeyGroup - keyGroupRange.StartKeyGroup] ??= []).Add((new StateKey<TKey, TNamespace>(key, ns), slot.Value));
        }
        return _byKeyGroup = grouped;
    }
}
#pragma warning restore CS8714
