using Brook.Streaming.State.Internal;
using Brook.Streaming.State;

namespace Brook.Runtime.State;

internal sealed class HeapValueState<TKey, TNamespace, T>(HeapKeyedStateBackend<TKey> backend, ValueStateDescriptor<T> descriptor, TtlPolicy ttl, TNamespace initialNamespace)
    : HeapSingleValueState<TKey, TNamespace, T>(backend, descriptor.Name, (int)StateKind.Value, ttl, initialNamespace), IInternalValueState<TNamespace, T>,
        IKeyedValueSlots<TKey, T>
    where TNamespace : notnull
{
    public T Value() => TryReadValue(out var value) ? value : descriptor.DefaultValue;

    public bool TryGetValue(out T value) => TryReadValue(out value);

    public void Update(T value) => WriteValue(value);

    public bool HasSlots => !Ttl.Enabled;

    // Without TTL a stored value's access time is always 0 (TtlPolicy.Now), so the slot's value is all there is to write.
    public ref T GetValueRefOrAddDefault(TKey key, int keyGroup, out bool exists) =>
        ref Table.GetValueRefOrAddDefault(keyGroup, new StateKey<TKey, TNamespace>(key, CurrentNamespace), out exists).Value;
}
