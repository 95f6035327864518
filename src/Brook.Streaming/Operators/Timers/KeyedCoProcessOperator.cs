using Brook.Streaming.Functions;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Timers;

/// <summary>Runs a <see cref="KeyedCoProcessFunction{TKey,TIn1,TIn2,TOut}"/>: both inputs keyed the same way share keyed state and timers.</summary>
internal sealed class KeyedCoProcessOperator<TKey, TIn1, TIn2, TOut>(
    KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut> function, Func<TIn1, TKey> keySelector1, Func<TIn2, TKey> keySelector2)
    : KeyedTwoInputTimerOperatorBase<TKey, VoidNamespace, KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut>, TOut>(function, "KeyedCoProcess", "user-timers"), ITwoInputStreamOperator<TIn1, TIn2>
{
    private ContextImpl _context = null!;

    protected override void OpenOperator() => _context = new ContextImpl(this, new KeyedTimerService(Timers));

    public void ProcessElement1(StreamRecord<TIn1> record)
    {
        Keyed.Keys.SetCurrentKey(keySelector1(record.Value));
        Collector.Timestamp = record.Timestamp;
        _context.Bind(record.Timestamp, TimeDomain.EventTime);
        Function.ProcessElement1(record.Value, _context, Collector);
    }

    public void ProcessElement2(StreamRecord<TIn2> record)
    {
        Keyed.Keys.SetCurrentKey(keySelector2(record.Value));
        Collector.Timestamp = record.Timestamp;
        _context.Bind(record.Timestamp, TimeDomain.EventTime);
        Function.ProcessElement2(record.Value, _context, Collector);
    }

    protected override void OnTimer(InternalTimer<VoidNamespace> timer, long timestamp, TimeDomain domain)
    {
        _context.Bind(timestamp, domain);
        Function.OnTimer(timer.Timestamp, _context, Collector);
    }

    private sealed class ContextImpl(KeyedCoProcessOperator<TKey, TIn1, TIn2, TOut> op, ITimerService timerService)
        : KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut>.OnTimerContext
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
