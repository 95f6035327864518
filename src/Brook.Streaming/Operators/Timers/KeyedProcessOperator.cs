using Brook.Streaming.Functions;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Timers;

/// <summary>Runs a <see cref="KeyedProcessFunction{TKey,TIn,TOut}"/>: keyed state, event- and processing-time timers per key.</summary>
internal sealed class KeyedProcessOperator<TKey, TIn, TOut>(KeyedProcessFunction<TKey, TIn, TOut> function, Func<TIn, TKey> keySelector)
    : AbstractStreamOperator<TOut>, IOneInputStreamOperator<TIn>, ITriggerable<VoidNamespace>
{
    private KeyedStateHandle<TKey> _keyed = null!;
    private IInternalTimerService<VoidNamespace> _timers = null!;
    private TimestampedCollector<TOut> _collector = null!;
    private ContextImpl _context = null!;

    public override void Open()
    {
        _keyed = KeyedStateHandle<TKey>.Create(Parameters, "KeyedProcess");
        _timers = _keyed.Backend.GetInternalTimerService("user-timers", this, ProcessingTimeService);
        _collector = new TimestampedCollector<TOut>(Output);
        _context = new ContextImpl(this, new KeyedTimerService(_timers));
        function.RuntimeContext = new KeyedRuntimeContext(RuntimeContext, _keyed.Backend);
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

    public void ProcessElement(StreamRecord<TIn> record)
    {
        _keyed.Keys.SetCurrentKey(keySelector(record.Value));
        _collector.Timestamp = record.Timestamp;
        _context.Bind(record.Timestamp, TimeDomain.EventTime);
        function.ProcessElement(record.Value, _context, _collector);
    }

    public override void ProcessWatermark(Watermark watermark)
    {
        _timers.AdvanceWatermark(watermark.Timestamp);
        base.ProcessWatermark(watermark);
    }

    public void EndInput()
    {
    }

    public void OnEventTime(InternalTimer<VoidNamespace> timer)
    {
        _keyed.SetCurrentKeyFromTimer(timer.Key);
        _collector.Timestamp = timer.Timestamp;
        _context.Bind(timer.Timestamp, TimeDomain.EventTime);
        function.OnTimer(timer.Timestamp, _context, _collector);
    }

    public void OnProcessingTime(InternalTimer<VoidNamespace> timer)
    {
        _keyed.SetCurrentKeyFromTimer(timer.Key);
        // Processing-time firings carry no event time, as in Flink.
        _collector.Timestamp = StreamRecord.NoTimestamp;
        _context.Bind(StreamRecord.NoTimestamp, TimeDomain.ProcessingTime);
        function.OnTimer(timer.Timestamp, _context, _collector);
    }

    private sealed class ContextImpl(KeyedProcessOperator<TKey, TIn, TOut> op, ITimerService timerService) : KeyedProcessFunction<TKey, TIn, TOut>.OnTimerContext
    {
        private long _timestamp = StreamRecord.NoTimestamp;
        private TimeDomain _domain;

        public void Bind(long timestamp, TimeDomain domain)
        {
            _timestamp = timestamp;
            _domain = domain;
        }

        public override long? Timestamp => _timestamp == StreamRecord.NoTimestamp ? null : _timestamp;

        public override ITimerService TimerService => timerService;

        public override TKey CurrentKey => op._keyed.Keys.CurrentKey;

        public override TimeDomain TimeDomain => _domain;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, _timestamp));
    }
}
