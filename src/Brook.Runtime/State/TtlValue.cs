namespace Brook.Runtime.State;

/// <summary>
/// A stored state value with the processing time (epoch ms) its time-to-live counts from. Fields, not properties, so
/// an operator updating a value in place (<see cref="Brook.Streaming.State.Internal.IKeyedValueSlots{TKey, T}"/>) can
/// take a reference to it.
/// </summary>
internal record struct TtlValue<T>(T Value, long LastAccess)
{
    public T Value = Value;

    public long LastAccess = LastAccess;
}
