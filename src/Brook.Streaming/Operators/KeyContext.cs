using Brook.Core.Hashing;
using Brook.Streaming.Graph;

namespace Brook.Streaming.Operators;

/// <summary>
/// The current key of a keyed operator: set before each element (and each keyed timer) with its key
/// group, and forwarded to the keyed state backend when one is configured.
/// </summary>
public sealed class KeyContext<TKey>
{
    private readonly KeyGroupComputer _keyGroups;

    public KeyContext(int maxParallelism, KeyGroupRange keyGroupRange, IKeyedStateBackend<TKey>? backend)
    {
        _keyGroups = new KeyGroupComputer(maxParallelism);
        KeyGroupRange = keyGroupRange;
        Backend = backend;
    }

    public TKey CurrentKey { get; private set; } = default!;

    public int CurrentKeyGroup { get; private set; } = -1;

    public KeyGroupRange KeyGroupRange { get; }

    public IKeyedStateBackend<TKey>? Backend { get; }

    public void SetCurrentKey(TKey key)
    {
        var keyGroup = _keyGroups.KeyGroup(KeyHasher<TKey>.Hash(key));
        CurrentKey = key;
        CurrentKeyGroup = keyGroup;
        Backend?.SetCurrentKey(key, keyGroup);
    }

    /// <summary>Sets the current key with the key group its producer computed by the same assignment (see <see cref="IKeyGroupedInput{T}"/>).</summary>
    public void SetCurrentKey(TKey key, int keyGroup)
    {
        CurrentKey = key;
        CurrentKeyGroup = keyGroup;
        Backend?.SetCurrentKey(key, keyGroup);
    }
}
