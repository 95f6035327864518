namespace Brook.Runtime.State;

/// <summary>
/// A value of <see cref="NamespacedStateTable{TKey,TNamespace,TValue}"/> with its key group. Its type does not depend
/// on the namespace type, so a window's key map (namespaces are windows, reference types) gets the runtime's code
/// specialised for the key and value types instead of code shared over reference types.
/// </summary>
internal struct NamespacedSlot<TValue>(int keyGroup, TValue value)
{
    public int KeyGroup = keyGroup;
    public TValue Value = value;
}
