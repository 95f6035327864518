using Brook.Streaming.State;

namespace Brook.Streaming.Operators.Broadcast;

/// <summary>
/// The broadcast states a broadcast operator declared (the descriptors given to Broadcast), kept in the
/// subtask's operator state store. Asking for an undeclared one fails, as in Flink.
/// </summary>
internal sealed class BroadcastStates
{
    private readonly IOperatorStateStore _store;
    private readonly HashSet<string> _declared;
    private readonly Dictionary<string, object> _readOnlyViews = new(StringComparer.Ordinal);

    public BroadcastStates(IOperatorStateStore store, IReadOnlyList<MapStateDescriptor> descriptors)
    {
        _store = store;
        _declared = new HashSet<string>(descriptors.Select(d => d.Name), StringComparer.Ordinal);
    }

    public IBroadcastState<TKey, TValue> Get<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!_declared.Contains(descriptor.Name))
            throw new InvalidOperationException(
                $"Broadcast state '{descriptor.Name}' was not declared: pass its descriptor to Broadcast(...) on the broadcast stream.");
        return _store.GetBroadcastState(descriptor);
    }

    public IReadOnlyBroadcastState<TKey, TValue> GetReadOnly<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (_readOnlyViews.TryGetValue(descriptor.Name, out var view) && view is IReadOnlyBroadcastState<TKey, TValue> typed) return typed;
        var created = new ReadOnlyBroadcastState<TKey, TValue>(Get(descriptor));
        _readOnlyViews[descriptor.Name] = created;
        return created;
    }
}
