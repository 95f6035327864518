using Brook.Streaming.State.Internal;
using Brook.Streaming.State;

namespace Brook.Runtime.State;

internal sealed class HeapValueState<TKey, TNamespace, T>(HeapKeyedStateBackend<TKey> backend, ValueStateDescriptor<T> descriptor, TtlPolicy ttl, TNamespace initialNamespace)
    : HeapSingleValueState<TKey, TNamespace, T>(backend, descriptor.Name, (int)StateKind.Value, ttl, initialNamespace), IInternalValueState<TNamespace, T>
    where TNamespace : notnull
{
    public T Value() => TryReadValue(out var value) ? value : descriptor.DefaultValue;

    public bool TryGetValue(out T value) => TryReadValue(out value);

    public void Update(T value) => WriteValue(value);
}
