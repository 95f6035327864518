using Brook.Core.Hashing;

namespace Brook.Streaming.Operators;

/// <summary>
/// Keyed state of one operator in one subtask. The operator sets the current key (and its key group)
/// before every element and timer, and state accessors read and write under that key.
/// </summary>
public interface IKeyedStateBackend<TKey> : IDisposable
{
    void SetCurrentKey(TKey key, int keyGroup);

    TKey CurrentKey { get; }

    int CurrentKeyGroup { get; }
}
