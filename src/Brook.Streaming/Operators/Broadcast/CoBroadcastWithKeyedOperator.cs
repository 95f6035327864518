using Brook.Streaming.Functions;
using Brook.Streaming.Operators.Timers;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Broadcast;

/// <summary>
/// Runs a <see cref="KeyedBroadcastProcessFunction{TKey,TIn1,TIn2,TOut}"/> (Flink's CoBroadcastWithKeyedOperator):
/// input 1 is the keyed stream (current key set per element, keyed state and timers), input 2 the
/// broadcast stream, whose elements write this subtask's broadcast state.
/// </summary>
internal sealed class CoBroadcastWithKeyedOperator<TKey, TIn1, TIn2, TOut>(
    KeyedBroadcastProcessFunction<TKey, TIn1, TIn2, TOut> function, Func<TIn1, TKey> keySelector, IReadOnlyList<MapStateDescriptor> descriptors)
    : AbstractStreamOperator<TOut>, ITwoInputWatermarkStatusInput, ITwoInputStreamOperator<TIn1, TIn2>, ITriggerable<VoidNamespace>
{
    private const string Name = "Co-Process-Broadcast-Keyed";
    private readonly TwoInputWatermarks _watermarks = new();
    private KeyedStateHandle<TKey> _keyed = null!;
    private IInternalTimerService<VoidNamespace> _timers = null!;
    private TimestampedCollector<TOut> _collector = null!;
    private BroadcastStates _states = null!;
    private ReadOnlyContextImpl _readOnlyContext = null!;
    private ContextImpl _context = null!;

    public override void Open()
    {
        _keyed = KeyedStateHandle<TKey>.Create(Parameters, Name);
        _timers = _keyed.Backend.GetInternalTimerService("user-timers", this, ProcessingTimeService);
        _states = new BroadcastStates(GetOperatorStateStore(Name), descriptors);
        _collector = new TimestampedCollector<TOut>(Output);
        _readOnlyContext = new ReadOnlyContextImpl(this, new KeyedTimerService(_timers));
        _context = new ContextImpl(this);
        function.RuntimeContext = new KeyedRuntimeContext(RuntimeContext, _keyed.Backend);
        InitializeFunctionState(function, Name, _keyed.Backend);
        function.Open();
    }

    public override void Close()
    {
        try
        {
            function.Close();
        }
        finally
        {
            _keyed?.Dispose();
        }
    }

    public void ProcessElement1(StreamRecord<TIn1> record)
    {
        _keyed.Keys.SetCurrentKey(keySelector(record.Value));
        _collector.Timestamp = record.Timestamp;
        _readOnlyContext.Bind(record.Timestamp, TimeDomain.EventTime);
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

    public void OnEventTime(InternalTimer<VoidNamespace> timer)
    {
        _keyed.SetCurrentKeyFromTimer(timer.Key);
        _collector.Timestamp = timer.Timestamp;
        _readOnlyContext.Bind(timer.Timestamp, TimeDomain.EventTime);
        function.OnTimer(timer.Timestamp, _readOnlyContext, _collector);
    }

    public void OnProcessingTime(InternalTimer<VoidNamespace> timer)
    {
        _keyed.SetCurrentKeyFromTimer(timer.Key);
        // Processing-time firings carry no event time, as in Flink.
        _collector.Timestamp = StreamRecord.NoTimestamp;
        _readOnlyContext.Bind(StreamRecord.NoTimestamp, TimeDomain.ProcessingTime);
        function.OnTimer(timer.Timestamp, _readOnlyContext, _collector);
    }

    private void Advance(int input, Watermark watermark) => AdvanceTo(_watermarks.Advance(input, watermark.Timestamp));

    private void SetStatus(int input, WatermarkStatus status)
    {
        AdvanceTo(_watermarks.SetStatus(input, status, out var operatorStatus));
        if (operatorStatus is { } changed) Output.EmitWatermarkStatus(changed);
    }

    private void AdvanceTo(long? combined)
    {
        if (combined is not { } watermark) return;
        _timers.AdvanceWatermark(watermark);
        ProcessWatermark(new Watermark(watermark));
    }

    private sealed class ContextImpl(CoBroadcastWithKeyedOperator<TKey, TIn1, TIn2, TOut> op)
        : KeyedBroadcastProcessFunction<TKey, TIn1, TIn2, TOut>.Context
    {
        public long RecordTimestamp { get; set; } = StreamRecord.NoTimestamp;

        public override long? Timestamp => RecordTimestamp == StreamRecord.NoTimestamp ? null : RecordTimestamp;

        public override long CurrentProcessingTime => op.ProcessingTimeService.CurrentProcessingTime;

        public override long CurrentWatermark => op.CurrentWatermark;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, RecordTimestamp));

        public override IBroadcastState<TK, TV> GetBroadcastState<TK, TV>(MapStateDescriptor<TK, TV> descriptor) => op._states.Get(descriptor);
    }

    private sealed class ReadOnlyContextImpl(CoBroadcastWithKeyedOperator<TKey, TIn1, TIn2, TOut> op, ITimerService timerService)
        : KeyedBroadcastProcessFunction<TKey, TIn1, TIn2, TOut>.OnTimerContext
    {
        private long _timestamp = StreamRecord.NoTimestamp;
        private TimeDomain _domain;

        public void Bind(long timestamp, TimeDomain domain)
        {
            _timestamp = timestamp;
            _domain = domain;
        }

        public override long? Timestamp => _timestamp == StreamRecord.NoTimestamp ? null : _timestamp;

        public override long CurrentProcessingTime => op.ProcessingTimeService.CurrentProcessingTime;

        public override long CurrentWatermark => op.CurrentWatermark;

        public override ITimerService TimerService => timerService;

        public override TKey CurrentKey => op._keyed.Keys.CurrentKey;

        public override TimeDomain TimeDomain => _domain;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, _timestamp));

        public override IReadOnlyBroadcastState<TK, TV> GetBroadcastState<TK, TV>(MapStateDescriptor<TK, TV> descriptor) => op._states.GetReadOnly(descriptor);
    }
}
