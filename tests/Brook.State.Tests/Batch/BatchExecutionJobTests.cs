using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.State.Tests.EndToEnd;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.State;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Batch;

/// <summary>
/// BATCH execution on the embedded cluster: keyed aggregations, windows, timers and joins give the LINQ reference's
/// final results, once per key (or per key and window), however the input is ordered; STREAMING keeps its running results.
/// </summary>
public sealed class BatchExecutionJobTests
{
    public readonly record struct Event(string Key, long Value, long Timestamp);

    private static readonly string[] Words = Enumerable.Range(0, 3_000).Select(i => "w" + (i * 7919 % 211) % (1 + i % 97)).ToArray();

    private static StreamExecutionEnvironment Batch(int parallelism) =>
        JobRunner.Environment(parallelism).SetRuntimeMode(RuntimeExecutionMode.BATCH);

    /// <summary>Timestamps out of order by up to 3 s: a STREAMING job with watermarks at the largest timestamp seen drops many as late.</summary>
    private static Event[] ShuffledEvents(int count, int keys, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new Event("k" + random.Next(keys), random.Next(1, 50), 1_000_000 + i * 5L + random.Next(3_000))).ToArray();
    }

    private static SingleOutputStreamOperator<Event> Source(StreamExecutionEnvironment env, Event[] events) =>
        env.FromCollection(events).AssignTimestampsAndWatermarks(
            WatermarkStrategy<Event>.ForGenerator(_ => new WatermarkPerEvent()).WithTimestampAssigner((e, _) => e.Timestamp));

    /// <summary>A watermark at the largest timestamp seen after every event, so which events are late does not depend on timing.</summary>
    private sealed class WatermarkPerEvent : IWatermarkGenerator<Event>
    {
        private long _max = long.MinValue;

        public void OnEvent(Event @event, long eventTimestamp, IWatermarkOutput output)
        {
            _max = Math.Max(_max, eventTimestamp);
            output.EmitWatermark(_max);
        }

        public void OnPeriodicEmit(IWatermarkOutput output)
        {
        }
    }

    [Theory]
    [InlineData(1, RuntimeExecutionMode.BATCH)]
    [InlineData(3, RuntimeExecutionMode.BATCH)]
    [InlineData(2, RuntimeExecutionMode.AUTOMATIC)]
    public async Task Word_count_emits_each_words_final_count_once(int parallelism, RuntimeExecutionMode mode)
    {
        var results = new ConcurrentQueue<((string Key, long Value) Count, long Timestamp)>();
        var env = JobRunner.Environment(parallelism).SetRuntimeMode(mode);
        env.FromCollection(Words).Rebalance().KeyBy(w => w).Sum(_ => 1L).Process(new WithTimestamp<(string, long)>()).CollectInto(results);
        await env.RunAsync("batch word count");

        var expected = Words.GroupBy(w => w).Select(g => (g.Key, (long)g.Count())).Order();
        Assert.Equal(expected, results.Select(r => r.Count).Order());
        // Flink's BatchGroupedReduceOperator emits from its end-of-key timer, at long.MaxValue.
        Assert.All(results, r => Assert.Equal(long.MaxValue, r.Timestamp));
    }

    [Fact]
    public async Task The_same_word_count_in_streaming_still_emits_every_running_count()
    {
        var results = new ConcurrentQueue<(string Key, long Value)>();
        var env = JobRunner.Environment(2);
        env.FromCollection(Words).Rebalance().KeyBy(w => w).Sum(_ => 1L).CollectInto(results);
        await env.RunAsync("streaming word count");

        Assert.Equal(Words.Length, results.Count);
        Assert.Equal(Words.GroupBy(w => w).Select(g => (g.Key, (long)g.Count())).Order(), results.GroupBy(r => r.Key).Select(g => (g.Key, g.Max(r => r.Value))).Order());
    }

    [Fact]
    public async Task Keyed_reduce_min_and_max_emit_final_values_only()
    {
        var events = ShuffledEvents(5_000, 17, 1);
        var reduced = new ConcurrentQueue<Event>();
        var minimums = new ConcurrentQueue<(string Key, long Value)>();
        var maximums = new ConcurrentQueue<(string Key, long Value)>();
        var env = Batch(2);
        var keyed = env.FromCollection(events).KeyBy(e => e.Key);
        keyed.Reduce((a, b) => a with { Value = a.Value + b.Value }).CollectInto(reduced);
        keyed.Min(e => e.Value).CollectInto(minimums);
        keyed.Max(e => e.Value).CollectInto(maximums);
        await env.RunAsync("batch reduce");

        var groups = events.GroupBy(e => e.Key).ToList();
        Assert.Equal(groups.Select(g => (g.Key, g.Sum(e => e.Value))).Order(), reduced.Select(e => (e.Key, e.Value)).Order());
        Assert.Equal(groups.Select(g => (g.Key, g.Min(e => e.Value))).Order(), minimums.Order());
        Assert.Equal(groups.Select(g => (g.Key, g.Max(e => e.Value))).Order(), maximums.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Event_time_tumbling_window_counts_equal_linq_with_nothing_late(int parallelism)
    {
        var events = ShuffledEvents(6_000, 11, parallelism);
        var results = new ConcurrentQueue<(string Key, long Start, long Count)>();
        var env = Batch(parallelism);
        Source(env, events).KeyBy(e => e.Key).Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .Aggregate(new CountAggregate(), new DescribeWindow()).CollectInto(results);
        await env.RunAsync("batch windows");

        var expected = events.GroupBy(e => (e.Key, Start: e.Timestamp - e.Timestamp % 1000)).Select(g => (g.Key.Key, g.Key.Start, (long)g.Count())).Order();
        Assert.Equal(expected, results.Order());
    }

    [Fact]
    public async Task Session_windows_are_the_sessions_of_the_sorted_timestamps()
    {
        // Bursts per key, arriving shuffled by up to 3 s: only the key's sorted timestamps define its sessions.
        var random = new Random(3);
        var events = Enumerable.Range(0, 1_500)
            .Select(i => new Event("k" + (i % 5), 1 + i % 10, 1_000_000 + i / 50 * 2_000L + (i % 50) * 20 + random.Next(200)))
            .OrderBy(_ => random.Next()).ToArray();
        var results = new ConcurrentQueue<(string Key, long Start, long End, long Count)>();
        var env = Batch(2);
        Source(env, events).KeyBy(e => e.Key).Window(EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(300)))
            .Aggregate(new CountAggregate(), new DescribeSession()).CollectInto(results);
        await env.RunAsync("batch sessions");

        var expected = new List<(string, long, long, long)>();
        foreach (var byKey in events.GroupBy(e => e.Key))
        {
            var sorted = byKey.Select(e => e.Timestamp).Order().ToList();
            var start = 0;
            for (var i = 1; i <= sorted.Count; i++)
            {
                if (i < sorted.Count && sorted[i] < sorted[i - 1] + 300) continue;
                expected.Add((byKey.Key, sorted[start], sorted[i - 1] + 300, i - start));
                start = i;
            }
        }
        Assert.Equal(expected.Order(), results.Order());
    }

    [Fact]
    public async Task Timers_fire_when_each_key_ends_event_time_first_then_processing_time()
    {
        var events = ShuffledEvents(2_000, 7, 5);
        var results = new ConcurrentQueue<(string Key, TimeDomain Domain, long FiredAt, long Count, long WatermarkSeen)>();
        var env = Batch(2);
        Source(env, events).KeyBy(e => e.Key).Process(new CountUntilTimeout()).CollectInto(results);
        await env.RunAsync("batch timers");

        foreach (var g in events.GroupBy(e => e.Key))
        {
            var fired = results.Where(r => r.Key == g.Key).ToList();
            // One event-time timer left (each element moved it), one processing-time timer an hour ahead, and the
            // timers registered while firing were ignored; records came in timestamp order, so the last timer is the latest.
            Assert.Equal(2, fired.Count);
            Assert.Equal((TimeDomain.EventTime, g.Max(e => e.Timestamp) + 500, (long)g.Count()), (fired[0].Domain, fired[0].FiredAt, fired[0].Count));
            Assert.Equal((TimeDomain.ProcessingTime, (long)g.Count()), (fired[1].Domain, fired[1].Count));
            // While a key's records are processed there is no watermark.
            Assert.All(fired, f => Assert.Equal(long.MinValue, f.WatermarkSeen));
        }
        Assert.Equal(7 * 2, results.Count);
    }

    [Fact]
    public async Task Interval_join_pairs_equal_linq()
    {
        var left = ShuffledEvents(800, 5, 7);
        var right = ShuffledEvents(800, 5, 8);
        var results = new ConcurrentQueue<(long Left, long Right)>();
        var env = Batch(2);
        Source(env, left).KeyBy(e => e.Key).IntervalJoin(Source(env, right).KeyBy(e => e.Key))
            .Between(TimeSpan.FromMilliseconds(-20), TimeSpan.FromMilliseconds(20))
            .Process((l, r) => (l.Timestamp, r.Timestamp)).CollectInto(results);
        await env.RunAsync("batch interval join");

        var expected = left.SelectMany(l => right.Where(r => r.Key == l.Key && r.Timestamp >= l.Timestamp - 20 && r.Timestamp <= l.Timestamp + 20)
            .Select(r => (l.Timestamp, r.Timestamp))).Order();
        Assert.Equal(expected, results.Order());
    }

    [Fact]
    public async Task A_custom_keyed_two_input_operator_is_refused_in_batch()
    {
        var env = Batch(1);
        env.FromSequence(1, 10).KeyBy(i => i).Connect(env.FromSequence(1, 10).KeyBy(i => i))
            .Transform<long>("Custom keyed", () => new CoStreamMap<long, long, long>(a => a, b => b), keyed: true)
            .CollectInto(new ConcurrentQueue<long>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => env.RunAsync("refused"));
        Assert.Contains("'Custom keyed' cannot run in BATCH execution mode", error.Message);
    }

    public sealed class CountAggregate : IAggregateFunction<Event, long, long>
    {
        public long CreateAccumulator() => 0;

        public long Add(Event value, long accumulator) => accumulator + 1;

        public long GetResult(long accumulator) => accumulator;

        public long Merge(long a, long b) => a + b;
    }

    private sealed class DescribeWindow : ProcessWindowFunction<long, (string Key, long Start, long Count), string, TimeWindow>
    {
        public override void Process(string key, Context context, IEnumerable<long> elements, ICollector<(string Key, long Start, long Count)> output) =>
            output.Collect((key, context.Window.Start, elements.Single()));
    }

    private sealed class DescribeSession : ProcessWindowFunction<long, (string Key, long Start, long End, long Count), string, TimeWindow>
    {
        public override void Process(string key, Context context, IEnumerable<long> elements, ICollector<(string Key, long Start, long End, long Count)> output) =>
            output.Collect((key, context.Window.Start, context.Window.End, elements.Single()));
    }

    private sealed class WithTimestamp<T> : ProcessFunction<T, (T, long)>
    {
        public override void ProcessElement(T value, Context context, ICollector<(T, long)> output) => output.Collect((value, context.Timestamp ?? -1));
    }

    /// <summary>Counts a key's events; an event-time timer 500 ms after the latest event (moved on each), a processing-time timer an hour ahead.</summary>
    private sealed class CountUntilTimeout : KeyedProcessFunction<string, Event, (string Key, TimeDomain Domain, long FiredAt, long Count, long WatermarkSeen)>
    {
        private IValueState<long> _count = null!;
        private IValueState<long> _timer = null!;
        private IValueState<long> _watermark = null!;

        public override void Open()
        {
            _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));
            _timer = RuntimeContext.GetState(new ValueStateDescriptor<long>("timer", long.MinValue));
            _watermark = RuntimeContext.GetState(new ValueStateDescriptor<long>("watermark", long.MinValue));
        }

        public override void ProcessElement(Event value, Context context, ICollector<(string Key, TimeDomain Domain, long FiredAt, long Count, long WatermarkSeen)> output)
        {
            if (_count.Value() == 0) context.TimerService.RegisterProcessingTimeTimer(context.TimerService.CurrentProcessingTime + 3_600_000);
            _count.Update(_count.Value() + 1);
            _watermark.Update(Math.Max(_watermark.Value(), context.TimerService.CurrentWatermark));
            if (_timer.Value() != long.MinValue) context.TimerService.DeleteEventTimeTimer(_timer.Value());
            _timer.Update(value.Timestamp + 500);
            context.TimerService.RegisterEventTimeTimer(value.Timestamp + 500);
        }

        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<(string Key, TimeDomain Domain, long FiredAt, long Count, long WatermarkSeen)> output)
        {
            output.Collect((context.CurrentKey, context.TimeDomain, timestamp, _count.Value(), _watermark.Value()));
            // Ignored in BATCH (the timer service is quiesced while it fires), or the key would never end.
            context.TimerService.RegisterEventTimeTimer(timestamp + 1);
        }
    }
}
