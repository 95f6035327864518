using Brook.Streaming.Functions;
using Brook.Streaming.Operators.Timers;
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
    : KeyedTwoInputTimerOperatorBase<TKey, string, ProcessJoinFunction<TLeft, TRight, TOut>, TOut>(function, "IntervalJoin", "interval-join-cleanup"),
        ITwoInputStreamOperator<TLeft, TRight>
{
    private const string CleanupLeft = "CLEANUP_LEFT";
    private const string CleanupRight = "CLEANUP_RIGHT";

    private IMapState<long, List<TLeft>> _leftBuffer = null!;
    private IMapState<long, List<TRight>> _rightBuffer = null!;
    private ContextImpl _context = null!;

    public override void Open()
    {
        if (lowerBound > upperBound) throw new InvalidOperationException($"The interval join's lower bound {lowerBound} is above its upper bound {upperBound}.");
        base.Open();
    }

    protected override void OpenOperator()
    {
        _leftBuffer = Keyed.Backend.GetMapState(new MapStateDescriptor<long, List<TLeft>>("LEFT_BUFFER"));
        _rightBuffer = Keyed.Backend.GetMapState(new MapStateDescriptor<long, List<TRight>>("RIGHT_BUFFER"));
        _context = new ContextImpl(this);
    }

    public void ProcessElement1(StreamRecord<TLeft> record)
    {
        Keyed.Keys.SetCurrentKey(leftKey(record.Value));
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
        Timers.RegisterEventTimeTimer(CleanupLeft, upperBound > 0 ? ts + upperBound : ts);
    }

    public void ProcessElement2(StreamRecord<TRight> record)
    {
        Keyed.Keys.SetCurrentKey(rightKey(record.Value));
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
        Timers.RegisterEventTimeTimer(CleanupRight, lowerBound < 0 ? ts - lowerBound : ts);
    }

    protected override void OnTimer(InternalTimer<string> timer, long timestamp, TimeDomain domain)
    {
        // Only event-time cleanup timers are registered.
        if (domain != TimeDomain.EventTime) return;
        if (timer.Namespace == CleanupLeft) _leftBuffer.Remove(upperBound > 0 ? timer.Timestamp - upperBound : timer.Timestamp);
        else _rightBuffer.Remove(lowerBound < 0 ? timer.Timestamp + lowerBound : timer.Timestamp);
    }

    private bool IsLate(long timestamp) => Timers.CurrentWatermark != long.MinValue && timestamp < Timers.CurrentWatermark;

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
        Collector.Timestamp = resultTs;
        _context.Bind(leftTs, rightTs, resultTs);
        Function.ProcessElement(left, right, _context, Collector);
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
