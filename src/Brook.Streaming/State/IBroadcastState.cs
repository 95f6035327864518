namespace Brook.Streaming.State;

/// <summary>The side of broadcast state that keyed (non-broadcast) inputs see: read only, so all subtasks stay equal.</summary>
public interface IReadOnlyBroadcastState<TKey, TValue> where TKey : notnull
{
    bool TryGet(TKey key, out TValue value);

    TValue Get(TKey key);

    bool Contains(TKey key);

    IEnumerable<KeyValuePair<TKey, TValue>> ImmutableEntries();
}

/// <summary>A map replicated on every subtask of an operator, written from the broadcast input.</summary>
public interface IBroadcastState<TKey, TValue> : IReadOnlyBroadcastState<TKey, TValue> where TKey : notnull
{
    void Put(TKey key, TValue value);

    void PutAll(IEnumerable<KeyValuePair<TKey, TValue>> entries);

    void Remove(TKey key);

    void Clear();

    IEnumerable<KeyValuePair<TKey, TValue>> Entries();
}
