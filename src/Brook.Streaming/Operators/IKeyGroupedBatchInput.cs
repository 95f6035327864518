namespace Brook.Streaming.Operators;

/// <summary>
/// A keyed operator that takes the records of one keyBy buffer with their key groups in one call (see
/// <see cref="IKeyGroupedInput{T}"/>): the same effect as ProcessElement(record, keyGroup) on each in order, the current
/// key set before each record.
/// </summary>
internal interface IKeyGroupedBatchInput<T>
{
    void ProcessBatch(ReadOnlySpan<StreamRecord<T>> records, ReadOnlySpan<int> keyGroups);
}
