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
    : TwoInputUdfOperatorBase<BroadcastProcessFunction<TIn1, TIn2, TOut>, TOut>(function, "Co-Process-Broadcast"), ITwoInputStreamOperator<TIn1, TIn2>
{
    private BroadcastStates _states = null!;
    private ReadOnlyContextImpl _readOnlyContext = null!;
    private ContextImpl _context = null!;

    protected override void OpenOperator()
    {
        _states = new BroadcastStates(GetOperatorStateStore(OperatorName), descriptors);
        _readOnlyContext = new ReadOnlyContextImpl(this);
        _context = new ContextImpl(this);
    }

    public void ProcessElement1(StreamRecord<TIn1> record)
    {
        Collector.Timestamp = _readOnlyContext.RecordTimestamp = record.Timestamp;
        Function.ProcessElement(record.Value, _readOnlyContext, Collector);
    }

    public void ProcessElement2(StreamRecord<TIn2> record)
    {
        Collector.Timestamp = _context.RecordTimestamp = record.Timestamp;
        Function.ProcessBroadcastElement(record.Value, _context, Collector);
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
