using Brook.Streaming.State;

namespace Brook.Streaming.Operators.Broadcast;

/// <summary>Broadcast state as the non-broadcast input sees it: a view that cannot be cast back to a writable state.</summary>
internal sealed class ReadOnlyBroadcastState<TKey, TValue>(IReadOnlyBroadcastState<TKey, TValue> state) : IReadOnlyBroadcastState<TKey, TValue>
    where TKey : notnull
{
    public bool TryGet(TKey key, out TValue value) => state.TryGet(key, out value);

    public TValue Get(TKey key) => state.Get(key);

    public bool Contains(TKey key) => state.Contains(key);

    public IEnumerable<KeyValuePair<TKey, TValue>> ImmutableEntries() => state.ImmutableEntries();
}
