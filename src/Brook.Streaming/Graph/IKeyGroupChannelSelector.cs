namespace Brook.Streaming.Graph;

/// <summary>
/// A keyBy partitioner that exposes its two steps, so that the record writer can hand the key group it computed to the
/// consumer with the record (the consumer's keyed operator then does not hash the key again).
/// </summary>
public interface IKeyGroupChannelSelector<T>
{
    /// <summary>The number of key groups; each channel owns a contiguous range of them (KeyGroupRangeAssignment).</summary>
    int MaxParallelism { get; }

    /// <summary>The key group of the record's key (KeyGroupRangeAssignment.AssignToKeyGroup).</summary>
    int SelectKeyGroup(T value);

    /// <summary>The subtask owning a key group (KeyGroupRangeAssignment.ComputeOperatorIndexForKeyGroup).</summary>
    int ChannelOf(int keyGroup, int numberOfChannels);

    /// <summary>The key group of each record of a run, as <see cref="SelectKeyGroup"/> on each.</summary>
    void SelectKeyGroups(ReadOnlySpan<Operators.StreamRecord<T>> records, Span<int> keyGroups)
    {
        for (var i = 0; i < records.Length; i++) keyGroups[i] = SelectKeyGroup(records[i].Value);
    }

    /// <summary>The key group of each value of a run (records without timestamps), as <see cref="SelectKeyGroup"/> on each.</summary>
    void SelectValueKeyGroups(ReadOnlySpan<T> values, Span<int> keyGroups)
    {
        for (var i = 0; i < values.Length; i++) keyGroups[i] = SelectKeyGroup(values[i]);
    }
}
