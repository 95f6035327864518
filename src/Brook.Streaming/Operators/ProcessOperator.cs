using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>Runs a <see cref="ProcessFunction{TIn,TOut}"/>: collector, side outputs, processing time.</summary>
public sealed class ProcessOperator<TIn, TOut>(ProcessFunction<TIn, TOut> function)
    : AbstractUdfStreamOperator<TOut, ProcessFunction<TIn, TOut>>(function), IOneInputStreamOperator<TIn>
{
    private TimestampedCollector<TOut> _collector = null!;
    private ContextImpl _context = null!;

    public override void Open()
    {
        _collector = new TimestampedCollector<TOut>(Output);
        _context = new ContextImpl(this);
        base.Open();
    }

    public void ProcessElement(StreamRecord<TIn> record)
    {
        _collector.Timestamp = record.Timestamp;
        _context.RecordTimestamp = record.Timestamp;
        UserFunction.ProcessElement(record.Value, _context, _collector);
    }

    public void EndInput()
    {
    }

    private sealed class ContextImpl(ProcessOperator<TIn, TOut> op) : ProcessFunction<TIn, TOut>.Context
    {
        public long RecordTimestamp { get; set; } = StreamRecord.NoTimestamp;

        public override long? Timestamp => RecordTimestamp == StreamRecord.NoTimestamp ? null : RecordTimestamp;

        public override IProcessingTimeService ProcessingTimeService => op.ProcessingTimeService;

        public override long CurrentWatermark => op.CurrentWatermark;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) =>
            op.Output.Collect(tag, new StreamRecord<TSide>(value, RecordTimestamp));
    }
}
