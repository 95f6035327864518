namespace Brook.Streaming.Operators;

/// <summary>
/// An operator that takes a run of records in one call (the records of one input buffer, or a predecessor's batch of
/// output), with the same effect as its ProcessElement on each in order: the runtime's input processor and the chaining
/// output use it to save the per-record calls. Watermarks and other events never fall inside a batch.
/// </summary>
internal interface IBatchInput<T>
{
    void ProcessBatch(ReadOnlySpan<StreamRecord<T>> records);
}
