namespace Brook.Streaming.Operators;

/// <summary>
/// A keyed operator that takes the values (without timestamps) of one keyBy buffer with their key groups in one call:
/// the same effect as <see cref="IKeyGroupedBatchInput{T}.ProcessBatch"/> on the records without timestamp of these values.
/// </summary>
internal interface IKeyGroupedValueBatchInput<T>
{
    void ProcessValues(ReadOnlySpan<T> values, ReadOnlySpan<int> keyGroups);
}
