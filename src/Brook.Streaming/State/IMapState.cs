namespace Brook.Streaming.State;

/// <summary>A map of user keys to values per key.</summary>
public interface IMapState<TKey, TValue> : IState where TKey : notnull
{
    bool TryGet(TKey key, out TValue value);

    /// <summary>The value for the map key, or the type's default when absent.</summary>
    TValue Get(TKey key);

    void Put(TKey key, TValue value);

    void PutAll(IEnumerable<KeyValuePair<TKey, TValue>> entries);

    void Remove(TKey key);

    bool Contains(TKey key);

    bool IsEmpty();

    IEnumerable<KeyValuePair<TKey, TValue>> Entries();

    IEnumerable<TKey> Keys();

    IEnumerable<TValue> Values();
}
