using Brook.Streaming.Functions;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Timers;

/// <summary>Runs a <see cref="KeyedCoProcessFunction{TKey,TIn1,TIn2,TOut}"/>: both inputs keyed the same way share keyed state and timers.</summary>
internal sealed class KeyedCoProcessOperator<TKey, TIn1, TIn2, TOut>(
    KeyedCoProcessFunction<TKey, TIn1, TIn2, TOut> function, Func<TIn1, TKey> keySelector1, Func<TIn2, TKey> keySelector2)
    : AbstractStreamOperator<TOut>, ITwoInputWatermarkStatusInput, ITwoInputStreamOperator<TIn1, TIn2>, ITriggerable<VoidNamespace>
{
    private readonly TwoInputWatermarks _watermarks = new();
    private KeyedStateHandle<TKey> _keyed = null!;
    private IInternalTimerService<VoidNamespace> _timers = null!;
    private TimestampedCollector<TOut> _collector = null!;
    private ContextImpl _context = null!;

    public override void Open()
    {
        _keyed = KeyedStateHandle<TKey>.Create(Parameters, "KeyedCoProcess");
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

    public void ProcessElement1(StreamRecord<TIn1> record)
    {
        _keyed.Keys.SetCurrentKey(keySelector1(record.Value));
        _collector.Timestamp = record.Timestamp;
        _context.Bind(record.Timestamp, TimeDomain.EventTime);
        function.ProcessElement1(record.Value, _context, _collector);
    }

    public void ProcessElement2(StreamRecord<TIn2> record)
    {
        _keyed.Keys.SetCurrentKey(keySelector2(record.Value));
        _collector.Timestamp = record.Timestamp;
        _context.Bind(record.Timestamp, TimeDomain.EventTime);
        function.ProcessElement2(record.Value, _context, _collector);
    }

    public void ProcessWatermark1(Watermark watermark) => Advance(1, watermark);

    public void ProcessWatermark2(Watermark watermark) => Advance(2, watermark);

    public void ProcessWatermarkStatus1(WatermarkStatus status) => SetStatus(1, status);

    public void ProcessWatermarkStatus2(WatermarkStatus status) => SetStatus(2, status);

    public void EndInput(int inputIndex)
    {
    }

    private void Advance(int input, Watermark watermark) => AdvanceTo(_watermarks.Advance(input, watermark.Timestamp));

    private void SetStatus(int input, WatermarkStatus status)
    {
        var wasIdle = _watermarks.BothIdle;
        AdvanceTo(_watermarks.SetIdle(input, status == WatermarkStatus.Idle));
        if (wasIdle != _watermarks.BothIdle) Output.EmitWatermarkStatus(_watermarks.BothIdle ? WatermarkStatus.Idle : WatermarkStatus.Active);
    }

    private void AdvanceTo(long? combined)
    {
        if (combined is not { } watermark) return;
        _timers.AdvanceWatermark(watermark);
        ProcessWatermark(new Watermark(watermark));
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
        _collector.Timestamp = StreamRecord.NoTimestamp;
        _context.Bind(StreamRecord.NoTimestamp, TimeDomain.ProcessingTime);
        function.OnTimer(timer.Timestamp, _context, _collector);
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

        public override TKey CurrentKey => op._keyed.Keys.CurrentKey;

        public override TimeDomain TimeDomain => _domain;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, _timestamp));
    }
}
