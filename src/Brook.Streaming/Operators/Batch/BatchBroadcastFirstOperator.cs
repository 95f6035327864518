namespace Brook.Streaming.Operators.Batch;

/// <summary>
/// A non-keyed broadcast connection in BATCH execution: the broadcast (second) input is processed first, as Flink's
/// BATCH broadcast state pattern does, so every element of the first input sees the complete broadcast state. Elements
/// of the first input that arrive before the broadcast input ended wait here, in arrival order, held in memory.
/// </summary>
internal sealed class BatchBroadcastFirstOperator<TIn1, TIn2, TOut>(ITwoInputStreamOperator<TIn1, TIn2> inner)
    : ITwoInputStreamOperator<TIn1, TIn2>, IStreamOperator<TOut>, ITwoInputWatermarkStatusInput
{
    private List<StreamRecord<TIn1>>? _waiting = [];
    private bool _ended1;
    private bool _ended2;

    public ChainingStrategy ChainingStrategy
    {
        get => inner.ChainingStrategy;
        set => inner.ChainingStrategy = value;
    }

    public void Setup(StreamOperatorParameters<TOut> parameters) => ((IStreamOperator<TOut>)inner).Setup(parameters);

    public void Open() => inner.Open();

    public void ProcessElement1(StreamRecord<TIn1> record)
    {
        if (_waiting is { } waiting) waiting.Add(record);
        else inner.ProcessElement1(record);
    }

    public void ProcessElement2(StreamRecord<TIn2> record) => inner.ProcessElement2(record);

    /// <summary>BATCH ignores watermarks; both inputs' end sends long.MaxValue.</summary>
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
        if (inputIndex == 2 && _waiting is { } waiting)
        {
            _waiting = null;
            foreach (var record in waiting) inner.ProcessElement1(record);
        }
        if (!_ended1 || !_ended2) return;
        inner.ProcessWatermark1(Watermark.MaxWatermark);
        inner.ProcessWatermark2(Watermark.MaxWatermark);
        inner.EndInput(1);
        inner.EndInput(2);
    }

    public void Finish() => inner.Finish();

    public void Close() => inner.Close();

    public void SnapshotState(StateSnapshotContext context) => throw BatchExecution.SnapshotNotSupported();

    public void NotifyCheckpointComplete(long checkpointId) => inner.NotifyCheckpointComplete(checkpointId);

    public void NotifyCheckpointAborted(long checkpointId) => inner.NotifyCheckpointAborted(checkpointId);
}
