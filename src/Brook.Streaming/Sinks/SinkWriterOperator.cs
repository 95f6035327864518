using Brook.Streaming.Functions;
using Brook.Streaming.Operators;

namespace Brook.Streaming.Sinks;

/// <summary>Drives one sink writer; the last operator of a chain (it has no output).</summary>
public sealed class SinkWriterOperator<T>(ISink<T> sink) : AbstractStreamOperator<object>, IOneInputStreamOperator<T>, ISinkWriterContext
{
    private ISinkWriter<T>? _writer;

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
        _writer = Sink.CreateWriter(this);
    }

    public void ProcessElement(StreamRecord<T> record) =>
        _writer!.Write(record.Value, new SinkRecordContext(record.HasTimestamp ? record.Timestamp : null, CurrentWatermark));

    public override void ProcessWatermark(Watermark watermark) => base.ProcessWatermark(watermark);

    public void EndInput() => _writer!.Flush(endOfInput: true);

    public override void Close()
    {
        _writer?.Dispose();
        if (Sink is IRichFunction rich) rich.Close();
    }
}
