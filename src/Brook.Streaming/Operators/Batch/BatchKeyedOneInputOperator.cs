namespace Brook.Streaming.Operators.Batch;

/// <summary>
/// A keyed one-input operator in BATCH execution (Flink's SortingDataInput in front of a keyed operator with a
/// BatchExecutionKeyedStateBackend): the input is buffered until it ends and watermarks are dropped; then the records
/// go to the operator key by key, and after each key its timers fire as if the watermark were long.MaxValue and its
/// state is dropped. Event-time windows and timers therefore emit final results per key, and nothing is late.
/// </summary>
internal sealed class BatchKeyedOneInputOperator<TIn, TKey, TOut>(IOneInputStreamOperator<TIn> inner, Func<TIn, TKey> keySelector)
    : IOneInputStreamOperator<TIn>, IStreamOperator<TOut>, IKeyGroupedInput<TIn>, IWatermarkStatusInput
    where TKey : notnull
{
    private readonly KeyGroupedInputBuffer<TKey, StreamRecord<TIn>> _input = new();
    private readonly IKeyGroupedInput<TIn>? _keyGroupedInner = inner as IKeyGroupedInput<TIn>;
    private BatchExecutionStateBackend _stateBackend = null!;

    public ChainingStrategy ChainingStrategy
    {
        get => inner.ChainingStrategy;
        set => inner.ChainingStrategy = value;
    }

    public void Setup(StreamOperatorParameters<TOut> parameters)
    {
        _stateBackend = BatchExecutionStateBackend.For(parameters.StateBackend, inner.GetType().Name);
        ((IStreamOperator<TOut>)inner).Setup(parameters.WithStateBackend(_stateBackend));
    }

    public void Open() => inner.Open();

    public void ProcessElement(StreamRecord<TIn> record) => _input.Add(keySelector(record.Value), -1, record.Timestamp, record);

    public void ProcessElement(StreamRecord<TIn> record, int keyGroup) => _input.Add(keySelector(record.Value), keyGroup, record.Timestamp, record);

    /// <summary>BATCH ignores watermarks: a key's timers fire when the key ends, and the input's end sends long.MaxValue.</summary>
    public void ProcessWatermark(Watermark watermark)
    {
    }

    public void ProcessWatermarkStatus(WatermarkStatus status)
    {
    }

    public void EndInput()
    {
        _input.Drain(Process, _stateBackend.EndKey);
        inner.ProcessWatermark(Watermark.MaxWatermark);
        inner.EndInput();
    }

    private void Process(TKey key, int keyGroup, StreamRecord<TIn> record)
    {
        if (keyGroup >= 0 && _keyGroupedInner is { } keyed) keyed.ProcessElement(record, keyGroup);
        else inner.ProcessElement(record);
    }

    public void Finish() => inner.Finish();

    public void Close() => inner.Close();

    public void SnapshotState(StateSnapshotContext context) => throw BatchExecution.SnapshotNotSupported();

    public void NotifyCheckpointComplete(long checkpointId) => inner.NotifyCheckpointComplete(checkpointId);

    public void NotifyCheckpointAborted(long checkpointId) => inner.NotifyCheckpointAborted(checkpointId);
}
