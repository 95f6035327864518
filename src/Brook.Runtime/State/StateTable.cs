using Brook.Core.Hashing;
using Brook.Streaming.State.Internal;

namespace Brook.Runtime.State;

/// <summary>
/// One keyed state's values, one map per key group, so any key-group range can be snapshotted alone.
/// State without a namespace (<see cref="VoidNamespace"/>, the common case outside windows) is kept by key
/// alone, so its maps hash and compare only the typed key.
/// </summary>
internal abstract class StateTable<TKey, TNamespace, TValue>
{
    public static StateTable<TKey, TNamespace, TValue> Create(KeyGroupRange keyGroupRange) =>
        typeof(TNamespace) == typeof(VoidNamespace)
            ? new KeyOnlyStateTable<TKey, TNamespace, TValue>(keyGroupRange, (TNamespace)(object)VoidNamespace.Instance)
            : new NamespacedStateTable<TKey, TNamespace, TValue>(keyGroupRange);

    public abstract bool TryGet(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value);

    public abstract void Put(int keyGroup, in StateKey<TKey, TNamespace> key, TValue value);

    /// <summary>A reference to the value slot of the key, added with the default value when missing (one lookup for read-modify-write).</summary>
    public abstract ref TValue GetValueRefOrAddDefault(int keyGroup, scoped in StateKey<TKey, TNamespace> key, out bool exists);

    public abstract bool Remove(int keyGroup, in StateKey<TKey, TNamespace> key, out TValue value);

    /// <summary>Drops every entry of the key group (BATCH execution: the group holds only the key that just ended).</summary>
    public abstract void ClearKeyGroup(int keyGroup);

    /// <summary>How many (key, namespace) entries the key group holds.</summary>
    public abstract int CountIn(int keyGroup);

    /// <summary>The key group's entries (for snapshots).</summary>
    public abstract IEnumerable<(StateKey<TKey, TNamespace> Key, TValue Value)> EntriesIn(int keyGroup);

    /// <summary>All keys that have a value in the given namespace (for applying a function to every key's state).</summary>
    public abstract IEnumerable<TKey> KeysIn(TNamespace ns);
}
