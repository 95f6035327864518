using System.Collections.Concurrent;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.EndToEnd;

public sealed class TimerAndJoinJobTests
{
    public readonly record struct Event(string Key, long Value, long Timestamp);

    /// <summary>Emits a watermark after every event, so when timers fire does not depend on timing.</summary>
    private sealed class PerEventWatermarks(long bound) : IWatermarkGenerator<Event>
    {
        private long _max = long.MinValue + bound + 1;

        public void OnEvent(Event @event, long eventTimestamp, IWatermarkOutput output)
        {
            _max = Math.Max(_max, eventTimestamp);
            output.EmitWatermark(_max - bound - 1);
        }

        public void OnPeriodicEmit(IWatermarkOutput output)
        {
        }
    }

    /// <summary>Per key: counts events in keyed state and keeps one timeout timer, moved on every event (the old one is deleted).</summary>
    private sealed class CountWithTimeout : KeyedProcessFunction<string, Event, (string Key, long FiredAt, long Count)>
    {
        private IValueState<long> _count = null!;
        private IValueState<long> _timer = null!;

        public override void Open()
        {
            _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));
            _timer = RuntimeContext.GetState(new ValueStateDescriptor<long>("timer", long.MinValue));
        }

        public override void ProcessElement(Event value, Context context, ICollector<(string Key, long FiredAt, long Count)> output)
        {
            _count.Update(_count.Value() + 1);
            if (_timer.Value() != long.MinValue) context.TimerService.DeleteEventTimeTimer(_timer.Value());
            var at = context.Timestamp!.Value + 500;
            context.TimerService.RegisterEventTimeTimer(at);
            _timer.Update(at);
        }

        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<(string Key, long FiredAt, long Count)> output)
        {
            Assert.Equal(TimeDomain.EventTime, context.TimeDomain);
            Assert.Equal(timestamp, context.Timestamp);
            output.Collect((context.CurrentKey, timestamp, _count.Value()));
            _timer.Clear();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Keyed_process_timers_fire_once_in_order_and_deleted_timers_do_not_fire(int parallelism)
    {
        const long bound = 50;
        var random = new Random(parallelism);
        var events = Enumerable.Range(0, 1_500).Select(i => new Event("k" + random.Next(6), 1, 100_000 + i * 40L + random.Next(40) - (random.Next(30) == 0 ? 600 : 0))).ToArray();
        var results = new ConcurrentQueue<(string Key, long FiredAt, long Count)>();
        var env = JobRunner.Environment(parallelism);
        // One source subtask: the reference replays the events, and their per-event watermarks, in this one order.
        env.FromCollection(events).SetParallelism(1)
            .AssignTimestampsAndWatermarks(WatermarkStrategy<Event>.ForGenerator(_ => new PerEventWatermarks(bound)).WithTimestampAssigner((e, _) => e.Timestamp))
            .KeyBy(e => e.Key)
            .Process(new CountWithTimeout())
            .CollectInto(results);
        await env.RunAsync("timers");

        // Reference: the same logic; a watermark fires the due timers in time order when it advances (a timer
        // registered behind the watermark waits for the next advance).
        var expected = new List<(string, long, long)>();
        var counts = new Dictionary<string, long>();
        var timers = new Dictionary<string, long>();
        var max = long.MinValue + bound + 1;
        var current = long.MinValue;
        foreach (var e in events)
        {
            counts[e.Key] = counts.GetValueOrDefault(e.Key) + 1;
            timers[e.Key] = e.Timestamp + 500;
            max = Math.Max(max, e.Timestamp);
            FireDue(max - bound - 1);
        }
        FireDue(long.MaxValue);
        void FireDue(long watermark)
        {
            if (watermark <= current) return;
            current = watermark;
            foreach (var (key, at) in timers.Where(t => t.Value <= watermark).OrderBy(t => t.Value).ToList())
            {
                expected.Add((key, at, counts[key]));
                timers.Remove(key);
            }
        }

        Assert.Equal(expected.Order(), results.Order());
        // Each key's timers fire in the reference's order (a key's results reach the sink in order).
        foreach (var perKey in results.GroupBy(r => r.Key))
            Assert.Equal(expected.Where(x => x.Item1 == perKey.Key).Select(x => x.Item2), perKey.Select(r => r.FiredAt));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Window_join_equals_a_linq_join_per_window(int parallelism)
    {
        var random = new Random(parallelism);
        var left = Enumerable.Range(0, 600).Select(i => new Event("k" + random.Next(8), i, 50_000 + i * 10L + random.Next(100))).ToArray();
        var right = Enumerable.Range(0, 400).Select(i => new Event("k" + random.Next(8), 1000 + i, 50_000 + i * 15L + random.Next(100))).ToArray();
        var results = new ConcurrentQueue<(long Left, long Right)>();
        var env = JobRunner.Environment(parallelism);
        var strategy = WatermarkStrategy<Event>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(200)).WithTimestampAssigner((e, _) => e.Timestamp);
        env.FromCollection(left).AssignTimestampsAndWatermarks(strategy)
            .Join(env.FromCollection(right).AssignTimestampsAndWatermarks(strategy))
            .Where(l => l.Key).EqualTo(r => r.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .Apply((l, r) => (l.Value, r.Value))
            .CollectInto(results);
        await env.RunAsync("window join");

        var expected = from l in left
                       join r in right on (l.Key, l.Timestamp / 1000) equals (r.Key, r.Timestamp / 1000)
                       select (l.Value, r.Value);
        Assert.Equal(expected.Order(), results.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Interval_join_equals_a_linq_join_on_the_interval(int parallelism)
    {
        var random = new Random(10 + parallelism);
        var orders = Enumerable.Range(0, 500).Select(i => new Event("k" + random.Next(10), i, 80_000 + i * 20L + random.Next(50))).ToArray();
        var payments = Enumerable.Range(0, 500).Select(i => new Event("k" + random.Next(10), 10_000 + i, 80_000 + i * 20L + random.Next(50))).ToArray();
        var results = new ConcurrentQueue<(long Order, long Payment, long Timestamp)>();
        var env = JobRunner.Environment(parallelism);
        var strategy = WatermarkStrategy<Event>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(100)).WithTimestampAssigner((e, _) => e.Timestamp);
        env.FromCollection(orders).AssignTimestampsAndWatermarks(strategy).KeyBy(o => o.Key)
            .IntervalJoin(env.FromCollection(payments).AssignTimestampsAndWatermarks(strategy).KeyBy(p => p.Key))
            .Between(TimeSpan.FromMilliseconds(-100), TimeSpan.FromMilliseconds(300))
            .UpperBoundExclusive()
            .Process(new JoinWithTimestamp())
            .CollectInto(results);
        await env.RunAsync("interval join");

        var expected = from o in orders
                       from p in payments
                       where o.Key == p.Key && p.Timestamp >= o.Timestamp - 100 && p.Timestamp < o.Timestamp + 300
                       select (o.Value, p.Value, Math.Max(o.Timestamp, p.Timestamp));
        Assert.Equal(expected.Order(), results.Order());
    }

    private sealed class JoinWithTimestamp : ProcessJoinFunction<Event, Event, (long Order, long Payment, long Timestamp)>
    {
        public override void ProcessElement(Event left, Event right, Context context, ICollector<(long Order, long Payment, long Timestamp)> output)
        {
            Assert.Equal(left.Timestamp, context.LeftTimestamp);
            Assert.Equal(right.Timestamp, context.RightTimestamp);
            output.Collect((left.Value, right.Value, context.Timestamp));
        }
    }

    /// <summary>A symmetric join in keyed state: both inputs of a key share the two buffers.</summary>
    private sealed class StateJoin : KeyedCoProcessFunction<string, Event, Event, (long Left, long Right)>
    {
        private IListState<long> _lefts = null!;
        private IListState<long> _rights = null!;

        public override void Open()
        {
            _lefts = RuntimeContext.GetListState(new ListStateDescriptor<long>("lefts"));
            _rights = RuntimeContext.GetListState(new ListStateDescriptor<long>("rights"));
        }

        public override void ProcessElement1(Event value, Context context, ICollector<(long Left, long Right)> output)
        {
            _lefts.Add(value.Value);
            foreach (var r in _rights.Get()) output.Collect((value.Value, r));
        }

        public override void ProcessElement2(Event value, Context context, ICollector<(long Left, long Right)> output)
        {
            _rights.Add(value.Value);
            foreach (var l in _lefts.Get()) output.Collect((l, value.Value));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Keyed_co_process_shares_keyed_state_between_both_inputs(int parallelism)
    {
        var random = new Random(20 + parallelism);
        var left = Enumerable.Range(0, 300).Select(i => new Event("k" + random.Next(12), i, i)).ToArray();
        var right = Enumerable.Range(0, 200).Select(i => new Event("k" + random.Next(12), 1000 + i, i)).ToArray();
        var results = new ConcurrentQueue<(long Left, long Right)>();
        var env = JobRunner.Environment(parallelism);
        env.FromCollection(left).Connect(env.FromCollection(right))
            .KeyBy(l => l.Key, r => r.Key)
            .Process(new StateJoin())
            .CollectInto(results);
        await env.RunAsync("keyed co-process");

        var expected = from l in left join r in right on l.Key equals r.Key select (l.Value, r.Value);
        Assert.Equal(expected.Order(), results.Order());
    }
}
