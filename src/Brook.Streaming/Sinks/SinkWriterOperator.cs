using Brook.Streaming.Functions;
using Brook.Streaming.Operators;

namespace Brook.Streaming.Sinks;

/// <summary>
/// Drives one sink writer; the last operator of a chain (it has no output). For a two-phase-commit sink it is
/// also the committer (Flink's SinkWriterOperator and CommitterOperator in one, as a sink has no downstream): at
/// a checkpoint's synchronous part the writer flushes and prepares its committables, which go into the
/// checkpoint with the writer's state; when the checkpoint completes they are committed.
/// </summary>
public sealed class SinkWriterOperator<T>(ISink<T> sink) : AbstractStreamOperator<object>, IOneInputStreamOperator<T>, ISinkWriterContext,
    IFinishedOnRestoreOperator, IBatchInput<T>, IValueBatchInput<T>
{
    private ISinkWriter<T>? _writer;
    private SinkWriterStateHandler<T>? _writerState;
    private SinkCommitterHandler<T>? _committer;

    public ISink<T> Sink { get; } = sink;

    public int SubtaskIndex => RuntimeContext.IndexOfThisSubtask;

    public int NumberOfParallelSubtasks => RuntimeContext.NumberOfParallelSubtasks;

    IRuntimeContext ISinkWriterContext.RuntimeContext => RuntimeContext;

    public override void Open()
    {
        if (Sink is IRichFunction rich)
        {
            rich.RuntimeContext = RuntimeContext;
            rich.Open();
        }
        _writerState = SinkWriterStateHandler<T>.For(Sink);
        _committer = SinkCommitterHandler<T>.For(Sink);
        var store = _writerState is null && _committer is null ? null : GetOperatorStateStore("Sink: " + Sink.Name);
        _writer = _writerState?.CreateWriter(this, store!) ?? Sink.CreateWriter(this);
        // Restored committables are committed again at once; the committer tolerates those committed before the failure.
        _committer?.Initialize(this, store!);
    }

    public void ProcessElement(StreamRecord<T> record) =>
        _writer!.Write(record.Value, new SinkRecordContext(record.HasTimestamp ? record.Timestamp : null, CurrentWatermark));

    void IBatchInput<T>.ProcessBatch(ReadOnlySpan<StreamRecord<T>> records)
    {
        var writer = _writer!;
        var watermark = CurrentWatermark;
        foreach (var record in records) writer.Write(record.Value, new SinkRecordContext(record.HasTimestamp ? record.Timestamp : null, watermark));
    }

    void IValueBatchInput<T>.ProcessValues(ReadOnlySpan<T> values)
    {
        var writer = _writer!;
        var context = new SinkRecordContext(null, CurrentWatermark);
        foreach (var value in values) writer.Write(value, context);
    }

    public override void ProcessWatermark(Watermark watermark) => base.ProcessWatermark(watermark);

    /// <summary>
    /// The end of a bounded input: the writer flushes and closes what is open. With periodic checkpoints the task
    /// then waits for a final checkpoint, whose synchronous part prepares the last committables and whose completion
    /// commits them (Flink's FLIP-147), so they are committed exactly once even if another subtask fails meanwhile.
    /// Without periodic checkpoints they are committed at once (as Flink's batch mode), so the output ends finished.
    /// </summary>
    public void EndInput()
    {
        _writer!.Flush(endOfInput: true);
        if (_committer is null || Parameters.WaitsForFinalCheckpoint) return;
        _committer.Prepare(long.MaxValue, _writer);
        _committer.CommitAll();
    }

    /// <summary>
    /// Restored as finished: the final checkpoint's committables may not all have been committed when the failure
    /// came (it completed, the commit had not run yet), so they are committed now; committers tolerate a second commit.
    /// </summary>
    void IFinishedOnRestoreOperator.RestoreFinished()
    {
        using var committer = SinkCommitterHandler<T>.For(Sink);
        if (committer is null) return;
        committer.Initialize(this, GetOperatorStateStore("Sink: " + Sink.Name));
        committer.CommitAll();
    }

    public override void SnapshotState(StateSnapshotContext context)
    {
        base.SnapshotState(context);
        _writer!.Flush(endOfInput: false);
        _committer?.Prepare(context.CheckpointId, _writer);
        _writerState?.Snapshot(context.CheckpointId, _writer);
        _committer?.Snapshot();
    }

    public override void NotifyCheckpointComplete(long checkpointId)
    {
        base.NotifyCheckpointComplete(checkpointId);
        _committer?.CommitUpTo(checkpointId);
        if (_writer is ICheckpointListener listener) listener.NotifyCheckpointComplete(checkpointId);
    }

    public override void NotifyCheckpointAborted(long checkpointId)
    {
        base.NotifyCheckpointAborted(checkpointId);
        if (_writer is ICheckpointListener listener) listener.NotifyCheckpointAborted(checkpointId);
    }

    public override void Close()
    {
        try
        {
            _writer?.Dispose();
            _committer?.Dispose();
        }
        finally
        {
            if (Sink is IRichFunction rich) rich.Close();
        }
    }
}
