namespace Brook.Streaming.State.Internal;

/// <summary>
/// A value state's slot per key, for operators that read and write the value of every record of a keyBy buffer in one
/// loop (the rolling aggregations): one lookup per record instead of a read and a write, and no current key to set
/// for each. Only while the state has no time-to-live (<see cref="HasSlots"/>); a TTL value also records its access time.
/// </summary>
internal interface IKeyedValueSlots<TKey, T>
{
    /// <summary>Whether <see cref="GetValueRefOrAddDefault"/> may be used (the state has no TTL).</summary>
    bool HasSlots { get; }

    /// <summary>The value of <paramref name="key"/> (in <paramref name="keyGroup"/>, under the current namespace), added as default when it has none.</summary>
    ref T GetValueRefOrAddDefault(TKey key, int keyGroup, out bool exists);
}
