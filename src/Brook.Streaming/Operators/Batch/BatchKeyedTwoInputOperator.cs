namespace Brook.Streaming.Operators.Batch;

/// <summary>
/// A keyed two-input operator in BATCH execution (Flink's MultiInputSortingDataInput): both inputs are buffered until
/// both ended, then each key's records of both inputs go to the operator together, by timestamp (input 1 first on
/// equal timestamps), and the key's timers fire when it ends. With a broadcast second input (no key selector) the
/// broadcast records are processed as they arrive, so the whole broadcast side is seen before any keyed record, as
/// in Flink's BATCH broadcast state pattern.
/// </summary>
internal sealed class BatchKeyedTwoInputOperator<TIn1, TIn2, TKey, TOut>(
    ITwoInputStreamOperator<TIn1, TIn2> inner, Func<TIn1, TKey> keySelector1, Func<TIn2, TKey>? keySelector2)
    : ITwoInputStreamOperator<TIn1, TIn2>, IStreamOperator<TOut>, ITwoInputWatermarkStatusInput
    where TKey : notnull
{
    private readonly KeyGroupedInputBuffer<TKey, Entry> _input = new();
    private BatchExecutionStateBackend _stateBackend = null!;
    private bool _ended1;
    private bool _ended2;

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

    public void ProcessElement1(StreamRecord<TIn1> record) =>
        _input.Add(keySelector1(record.Value), -1, record.Timestamp, new Entry(true, record, default));

    public void ProcessElement2(StreamRecord<TIn2> record)
    {
        if (keySelector2 is null) inner.ProcessElement2(record);
        else _input.Add(keySelector2(record.Value), -1, record.Timestamp, new Entry(false, default, record));
    }

    /// <summary>BATCH ignores watermarks: a key's timers fire when the key ends, and the inputs' end sends long.MaxValue.</summary>
    public void ProcessWatermark1(Watermark watermark)
    {
    }

    public void ProcessWatermark2(Watermark watermark)
    {
    }

    public void ProcessWatermarkStatus1(WatermarkStatus status)
    {
    }

    public void ProcessWatermarkStatus2(WatermarkStatus status)
    {
    }

    public void EndInput(int inputIndex)
    {
        if (inputIndex == 1) _ended1 = true;
        else _ended2 = true;
        if (!_ended1 || !_ended2) return;
        _input.Drain(Process, _stateBackend.EndKey);
        inner.ProcessWatermark1(Watermark.MaxWatermark);
        inner.ProcessWatermark2(Watermark.MaxWatermark);
        inner.EndInput(1);
        inner.EndInput(2);
    }

    private void Process(TKey key, int keyGroup, Entry entry)
    {
        if (entry.IsFirst) inner.ProcessElement1(entry.First);
        else inner.ProcessElement2(entry.Second);
    }

    public void Finish() => inner.Finish();

    public void Close() => inner.Close();

    public void SnapshotState(StateSnapshotContext context) => throw BatchExecution.SnapshotNotSupported();

    public void NotifyCheckpointComplete(long checkpointId) => inner.NotifyCheckpointComplete(checkpointId);

    public void NotifyCheckpointAborted(long checkpointId) => inner.NotifyCheckpointAborted(checkpointId);

    private readonly record struct Entry(bool IsFirst, StreamRecord<TIn1> First, StreamRecord<TIn2> Second);
}
