using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators.Timers;

/// <summary>Runs a <see cref="CoProcessFunction{TIn1,TIn2,TOut}"/> over two connected (non-keyed) streams.</summary>
internal sealed class CoProcessOperator<TIn1, TIn2, TOut>(CoProcessFunction<TIn1, TIn2, TOut> function)
    : AbstractStreamOperator<TOut>, ITwoInputWatermarkStatusInput, ITwoInputStreamOperator<TIn1, TIn2>
{
    private readonly TwoInputWatermarks _watermarks = new();
    private TimestampedCollector<TOut> _collector = null!;
    private ContextImpl _context = null!;

    public override void Open()
    {
        _collector = new TimestampedCollector<TOut>(Output);
        _context = new ContextImpl(this);
        function.RuntimeContext = RuntimeContext;
        InitializeFunctionState(function, "CoProcess", keyedStateStore: null);
        function.Open();
    }

    public override void Close() => function.Close();

    public void ProcessElement1(StreamRecord<TIn1> record)
    {
        _collector.Timestamp = _context.RecordTimestamp = record.Timestamp;
        function.ProcessElement1(record.Value, _context, _collector);
    }

    public void ProcessElement2(StreamRecord<TIn2> record)
    {
        _collector.Timestamp = _context.RecordTimestamp = record.Timestamp;
        function.ProcessElement2(record.Value, _context, _collector);
    }

    public void ProcessWatermark1(Watermark watermark) => Advance(1, watermark);

    public void ProcessWatermark2(Watermark watermark) => Advance(2, watermark);

    public void ProcessWatermarkStatus1(WatermarkStatus status) => SetStatus(1, status);

    public void ProcessWatermarkStatus2(WatermarkStatus status) => SetStatus(2, status);

    public void EndInput(int inputIndex)
    {
    }

    private void Advance(int input, Watermark watermark)
    {
        if (_watermarks.Advance(input, watermark.Timestamp) is { } combined) ProcessWatermark(new Watermark(combined));
    }

    private void SetStatus(int input, WatermarkStatus status)
    {
        if (_watermarks.SetStatus(input, status, out var operatorStatus) is { } combined) ProcessWatermark(new Watermark(combined));
        if (operatorStatus is { } changed) Output.EmitWatermarkStatus(changed);
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
