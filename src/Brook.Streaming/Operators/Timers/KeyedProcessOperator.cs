using Brook.Streaming.Functions;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Timers;

/// <summary>Runs a <see cref="KeyedProcessFunction{TKey,TIn,TOut}"/>: keyed state, event- and processing-time timers per key.</summary>
internal sealed class KeyedProcessOperator<TKey, TIn, TOut>(KeyedProcessFunction<TKey, TIn, TOut> function, Func<TIn, TKey> keySelector)
    : KeyedTimerOperatorBase<TKey, VoidNamespace, KeyedProcessFunction<TKey, TIn, TOut>, TOut>(function, "KeyedProcess", "user-timers"), IOneInputStreamOperator<TIn>
{
    private ContextImpl _context = null!;

    protected override void OpenOperator() => _context = new ContextImpl(this, new KeyedTimerService(Timers));

    public void ProcessElement(StreamRecord<TIn> record)
    {
        Keyed.Keys.SetCurrentKey(keySelector(record.Value));
        Collector.Timestamp = record.Timestamp;
        _context.Bind(record.Timestamp, TimeDomain.EventTime);
        Function.ProcessElement(record.Value, _context, Collector);
    }

    public override void ProcessWatermark(Watermark watermark)
    {
        Timers.AdvanceWatermark(watermark.Timestamp);
        base.ProcessWatermark(watermark);
    }

    public void EndInput()
    {
    }

    protected override void OnTimer(InternalTimer<VoidNamespace> timer, long timestamp, TimeDomain domain)
    {
        _context.Bind(timestamp, domain);
        Function.OnTimer(timer.Timestamp, _context, Collector);
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

        public override TKey CurrentKey => op.Keyed.Keys.CurrentKey;

        public override TimeDomain TimeDomain => _domain;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, _timestamp));
    }
}
