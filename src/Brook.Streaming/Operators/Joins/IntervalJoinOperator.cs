using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.State.Internal;

namespace Brook.Streaming.Operators.Joins;

/// <summary>
/// Flink's IntervalJoinOperator: joins a left element at time t with every right element of the same key
/// whose time lies in [t + lowerBound, t + upperBound]. Both sides are buffered in keyed map state by
/// timestamp and dropped by event-time timers once the watermark makes further matches impossible.
/// Elements behind the watermark are late and go to the optional side outputs.
/// </summary>
internal sealed class IntervalJoinOperator<TKey, TLeft, TRight, TOut>(
    ProcessJoinFunction<TLeft, TRight, TOut> function,
    Func<TLeft, TKey> leftKey,
    Func<TRight, TKey> rightKey,
    long lowerBound,
    long upperBound,
    OutputTag<TLeft>? leftLateTag,
    OutputTag<TRight>? rightLateTag)
    : AbstractStreamOperator<TOut>, ITwoInputWatermarkStatusInput, ITwoInputStreamOperator<TLeft, TRight>, ITriggerable<string>
{
    private const string CleanupLeft = "CLEANUP_LEFT";
    private const string CleanupRight = "CLEANUP_RIGHT";

    private readonly Timers.TwoInputWatermarks _watermarks = new();
    private KeyedStateHandle<TKey> _keyed = null!;
    private IInternalTimerService<string> _timers = null!;
    private IMapState<long, List<TLeft>> _leftBuffer = null!;
    private IMapState<long, List<TRight>> _rightBuffer = null!;
    private TimestampedCollector<TOut> _collector = null!;
    private ContextImpl _context = null!;

    public override void Open()
    {
        if (lowerBound > upperBound) throw new InvalidOperationException($"The interval join's lower bound {lowerBound} is above its upper bound {upperBound}.");
        _keyed = KeyedStateHandle<TKey>.Create(Parameters, "IntervalJoin");
        _timers = _keyed.Backend.GetInternalTimerService("interval-join-cleanup", this, ProcessingTimeService);
        _leftBuffer = _keyed.Backend.GetMapState(new MapStateDescriptor<long, List<TLeft>>("LEFT_BUFFER"));
        _rightBuffer = _keyed.Backend.GetMapState(new MapStateDescriptor<long, List<TRight>>("RIGHT_BUFFER"));
        _collector = new TimestampedCollector<TOut>(Output);
        _context = new ContextImpl(this);
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

    public void ProcessElement1(StreamRecord<TLeft> record)
    {
        _keyed.Keys.SetCurrentKey(leftKey(record.Value));
        var ts = RequireTimestamp(record.Timestamp);
        if (IsLate(ts))
        {
            if (leftLateTag is not null) Output.Collect(leftLateTag, record);
            return;
        }
        Buffer(_leftBuffer, record.Value, ts);
        foreach (var (rightTs, rights) in _rightBuffer.Entries())
        {
            if (rightTs < ts + lowerBound || rightTs > ts + upperBound) continue;
            foreach (var right in rights) Collect(record.Value, right, ts, rightTs);
        }
        _timers.RegisterEventTimeTimer(CleanupLeft, upperBound > 0 ? ts + upperBound : ts);
    }

    public void ProcessElement2(StreamRecord<TRight> record)
    {
        _keyed.Keys.SetCurrentKey(rightKey(record.Value));
        var ts = RequireTimestamp(record.Timestamp);
        if (IsLate(ts))
        {
            if (rightLateTag is not null) Output.Collect(rightLateTag, record);
            return;
        }
        Buffer(_rightBuffer, record.Value, ts);
        foreach (var (leftTs, lefts) in _leftBuffer.Entries())
        {
            if (leftTs < ts - upperBound || leftTs > ts - lowerBound) continue;
            foreach (var left in lefts) Collect(left, record.Value, leftTs, ts);
        }
        _timers.RegisterEventTimeTimer(CleanupRight, lowerBound < 0 ? ts - lowerBound : ts);
    }

    public void ProcessWatermark1(Watermark watermark) => Advance(1, watermark);

    public void ProcessWatermark2(Watermark watermark) => Advance(2, watermark);

    public void ProcessWatermarkStatus1(WatermarkStatus status) => SetStatus(1, status);

    public void ProcessWatermarkStatus2(WatermarkStatus status) => SetStatus(2, status);

    public void EndInput(int inputIndex)
    {
    }

    public void OnEventTime(InternalTimer<string> timer)
    {
        _keyed.SetCurrentKeyFromTimer(timer.Key);
        if (timer.Namespace == CleanupLeft) _leftBuffer.Remove(upperBound > 0 ? timer.Timestamp - upperBound : timer.Timestamp);
        else _rightBuffer.Remove(lowerBound < 0 ? timer.Timestamp + lowerBound : timer.Timestamp);
    }

    public void OnProcessingTime(InternalTimer<string> timer)
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

    private bool IsLate(long timestamp) => _timers.CurrentWatermark != long.MinValue && timestamp < _timers.CurrentWatermark;

    private static long RequireTimestamp(long timestamp) =>
        timestamp != StreamRecord.NoTimestamp ? timestamp
            : throw new InvalidOperationException("Elements used in interval joins need timestamps; assign them with AssignTimestampsAndWatermarks.");

    private static void Buffer<T>(IMapState<long, List<T>> buffer, T value, long timestamp)
    {
        var list = buffer.TryGet(timestamp, out var existing) ? existing : [];
        list.Add(value);
        buffer.Put(timestamp, list);
    }

    private void Collect(TLeft left, TRight right, long leftTs, long rightTs)
    {
        var resultTs = Math.Max(leftTs, rightTs);
        _collector.Timestamp = resultTs;
        _context.Bind(leftTs, rightTs, resultTs);
        function.ProcessElement(left, right, _context, _collector);
    }

    private sealed class ContextImpl(IntervalJoinOperator<TKey, TLeft, TRight, TOut> op) : ProcessJoinFunction<TLeft, TRight, TOut>.Context
    {
        private long _left;
        private long _right;
        private long _result;

        public void Bind(long left, long right, long result)
        {
            _left = left;
            _right = right;
            _result = result;
        }

        public override long LeftTimestamp => _left;

        public override long RightTimestamp => _right;

        public override long Timestamp => _result;

        public override void Output<TSide>(OutputTag<TSide> tag, TSide value) => op.Output.Collect(tag, new StreamRecord<TSide>(value, _result));
    }
}
