namespace Brook.Streaming.Operators;

/// <summary>
/// An operator that takes a run of values without timestamps in one call, with the same effect as its ProcessElement
/// on a record without timestamp of each, in order (see <see cref="Output{T}.CollectValues"/>): the chaining output and
/// the input processor hand it values-only buffers and batches without building records.
/// </summary>
internal interface IValueBatchInput<T>
{
    void ProcessValues(ReadOnlySpan<T> values);
}
