using Brook.Streaming.Functions;
using Brook.Streaming.Operators.Timers;
using Brook.Streaming.State;

namespace Brook.Streaming.Operators.Broadcast;

/// <summary>
/// Runs a <see cref="BroadcastProcessFunction{TIn1,TIn2,TOut}"/> (Flink's CoBroadcastWithNonKeyedOperator):
/// input 1 is the non-broadcast stream, input 2 the broadcast stream; broadcast state is this subtask's
/// operator state.
/// </summary>
internal sealed class CoBroadcastWithNonKeyedOperator<TIn1, TIn2, TOut>(
    BroadcastProcessFunction<TIn1, TIn2, TOut> function, IReadOnlyList<MapStateDescriptor> descriptors)
    : AbstractStreamOperator<TOut>, ITwoInputWatermarkStatusInput, ITwoInputStreamOperator<TIn1, TIn2>
{
    private const string Name = "Co-Process-Broadcast";
    private readonly TwoInputWatermarks _watermarks = new();
    private TimestampedCollector<TOut> _collector = null!;
    private BroadcastStates _states = null!;
    private ReadOnlyContextImpl _readOnlyContext = null!;
    private ContextImpl _context = null!;

    public override void Open()
    {
        _states = new BroadcastStates(GetOperatorStateStore(Name), descriptors);
        _collector = new TimestampedCollector<TOut>(Output);
        _readOnlyContext = new ReadOnlyContextImpl(this);
        _context = new ContextImpl(this);
        function.RuntimeContext = RuntimeContext;
        InitializeFunctionState(function, Name, keyedStateStore: null);
        function.Open();
    }

    public override void Close() => function.Close();

    public void ProcessElement1(StreamRecord<TIn1> record)
    {
        _collector.Timestamp = _readOnlyContext.RecordTimestamp = record.Timestamp;
        function.ProcessElement(record.Value, _readOnlyContext, _collector);
    }

    public void ProcessElement2(StreamRecord<TIn2> record)
    {
        _collector.Timestamp = _context.RecordTimestamp = record.Timestamp;
        function.ProcessBroadcastElement(record.Value, _context, _collector);
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

    private sealed class ContextImpl(CoBroadcastWithNonKeyedOperator<TIn1, TIn2, TOut> op) : BroadcastProcessFunction<TIn1, TIn2, TOut>.Context
    {
        public long RecordTimestamp { get; set; } = StreamRecord.NoTimestamp;

        public override long? Timestamp => RecordTimestamp == StreamRecord.NoTimestamp ? null : RecordTimestamp;

        public override long CurrentProcessingTime => op.ProcessingTimeService.CurrentProcessingTime;

        public override long CurrentWatermark => op.CurrentWatermark;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, RecordTimestamp));

        public override IBroadcastState<TKey, TValue> GetBroadcastState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) => op._states.Get(descriptor);
    }

    private sealed class ReadOnlyContextImpl(CoBroadcastWithNonKeyedOperator<TIn1, TIn2, TOut> op) : BroadcastProcessFunction<TIn1, TIn2, TOut>.ReadOnlyContext
    {
        public long RecordTimestamp { get; set; } = StreamRecord.NoTimestamp;

        public override long? Timestamp => RecordTimestamp == StreamRecord.NoTimestamp ? null : RecordTimestamp;

        public override long CurrentProcessingTime => op.ProcessingTimeService.CurrentProcessingTime;

        public override long CurrentWatermark => op.CurrentWatermark;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, RecordTimestamp));

        public override IReadOnlyBroadcastState<TKey, TValue> GetBroadcastState<TKey, TValue>(MapStateDescriptor<TKey, TValue> descriptor) => op._states.GetReadOnly(descriptor);
    }
}
