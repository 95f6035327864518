using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators.Timers;

/// <summary>Runs a <see cref="CoProcessFunction{TIn1,TIn2,TOut}"/> over two connected (non-keyed) streams.</summary>
internal sealed class CoProcessOperator<TIn1, TIn2, TOut>(CoProcessFunction<TIn1, TIn2, TOut> function)
    : TwoInputUdfOperatorBase<CoProcessFunction<TIn1, TIn2, TOut>, TOut>(function, "CoProcess"), ITwoInputStreamOperator<TIn1, TIn2>
{
    private ContextImpl _context = null!;

    protected override void OpenOperator() => _context = new ContextImpl(this);

    public void ProcessElement1(StreamRecord<TIn1> record)
    {
        Collector.Timestamp = _context.RecordTimestamp = record.Timestamp;
        Function.ProcessElement1(record.Value, _context, Collector);
    }

    public void ProcessElement2(StreamRecord<TIn2> record)
    {
        Collector.Timestamp = _context.RecordTimestamp = record.Timestamp;
        Function.ProcessElement2(record.Value, _context, Collector);
    }

    private sealed class ContextImpl(CoProcessOperator<TIn1, TIn2, TOut> op) : CoProcessFunction<TIn1, TIn2, TOut>.Context
    {
        public long RecordTimestamp { get; set; } = StreamRecord.NoTimestamp;

        public override long? Timestamp => RecordTimestamp == StreamRecord.NoTimestamp ? null : RecordTimestamp;

        public override long CurrentProcessingTime => op.ProcessingTimeService.CurrentProcessingTime;

        public override long CurrentWatermark => op.CurrentWatermark;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, RecordTimestamp));
    }
}
