using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.State.Tests.EndToEnd;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Batch;

/// <summary>BATCH execution of two-input keyed operators: window joins, connected keyed streams and the keyed broadcast state pattern.</summary>
public sealed class BatchExecutionTwoInputTests
{
    public readonly record struct Event(string Key, long Value, long Timestamp);

    public sealed record Rule(string Name, long Divisor);

    private static readonly MapStateDescriptor<string, long> RulesDescriptor = new("rules");
    private static readonly Rule[] Rules = [new("by-3", 3), new("by-7", 7), new("by-10", 10)];

    private static StreamExecutionEnvironment Batch(int parallelism) =>
        JobRunner.Environment(parallelism).SetRuntimeMode(RuntimeExecutionMode.BATCH);

    private static Event[] ShuffledEvents(int count, int keys, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new Event("k" + random.Next(keys), random.Next(1, 50), 1_000_000 + i * 5L + random.Next(3_000))).ToArray();
    }

    private static SingleOutputStreamOperator<Event> Source(StreamExecutionEnvironment env, Event[] events) =>
        env.FromCollection(events).AssignTimestampsAndWatermarks(
            WatermarkStrategy<Event>.ForMonotonousTimestamps().WithTimestampAssigner((e, _) => e.Timestamp));

    [Fact]
    public async Task A_tumbling_window_join_pairs_equal_linq()
    {
        var left = ShuffledEvents(600, 4, 11);
        var right = ShuffledEvents(600, 4, 12);
        var results = new ConcurrentQueue<(long Left, long Right)>();
        var env = Batch(2);
        Source(env, left).Join(Source(env, right)).Where(l => l.Key).EqualTo(r => r.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .Apply((l, r) => (l.Timestamp, r.Timestamp))
            .CollectInto(results);
        await env.RunAsync("batch window join");

        var expected = left.SelectMany(l => right.Where(r => r.Key == l.Key && r.Timestamp / 1000 == l.Timestamp / 1000).Select(r => (l.Timestamp, r.Timestamp))).Order();
        Assert.Equal(expected, results.Order());
    }

    [Fact]
    public async Task Connected_keyed_streams_see_each_keys_records_of_both_inputs_before_its_timer()
    {
        var left = ShuffledEvents(700, 6, 21);
        var right = ShuffledEvents(500, 6, 22);
        var results = new ConcurrentQueue<(string Key, long Left, long Right)>();
        var env = Batch(2);
        Source(env, left).Connect(Source(env, right)).KeyBy(l => l.Key, r => r.Key).Process(new CountBoth()).CollectInto(results);
        await env.RunAsync("batch connected");

        var expected = left.Select(e => e.Key).Union(right.Select(e => e.Key))
            .Select(k => (k, (long)left.Count(e => e.Key == k), (long)right.Count(e => e.Key == k))).Order();
        Assert.Equal(expected, results.Order());
    }

    [Fact]
    public async Task The_keyed_side_of_a_broadcast_pattern_sees_the_whole_broadcast_side_first()
    {
        const long count = 2_000;
        var results = new ConcurrentQueue<(long Value, string Rule)>();
        var env = Batch(2);
        var rules = env.FromCollection(Rules).Broadcast(RulesDescriptor);
        env.FromSequence(1, count).KeyBy(v => v % 5).Connect(rules).Process(new EvaluateRules()).CollectInto(results);
        await env.RunAsync("batch broadcast");

        var expected = (from v in Enumerable.Range(1, (int)count).Select(i => (long)i) from r in Rules where v % r.Divisor == 0 select (v, r.Name)).Order();
        Assert.Equal(expected, results.Order());
    }

    [Fact]
    public async Task A_non_keyed_stream_connected_to_a_broadcast_sees_the_whole_broadcast_side_first()
    {
        const long count = 2_000;
        var results = new ConcurrentQueue<(long Value, string Rule)>();
        var env = Batch(2);
        var rules = env.FromCollection(Rules).Broadcast(RulesDescriptor);
        env.FromSequence(1, count).Connect(rules).Process(new EvaluateRulesNonKeyed()).CollectInto(results);
        await env.RunAsync("batch non-keyed broadcast");

        var expected = (from v in Enumerable.Range(1, (int)count).Select(i => (long)i) from r in Rules where v % r.Divisor == 0 select (v, r.Name)).Order();
        Assert.Equal(expected, results.Order());
    }

    private sealed class EvaluateRulesNonKeyed : BroadcastProcessFunction<long, Rule, (long Value, string Rule)>
    {
        public override void ProcessElement(long value, ReadOnlyContext context, ICollector<(long Value, string Rule)> output)
        {
            foreach (var (name, divisor) in context.GetBroadcastState(RulesDescriptor).ImmutableEntries())
                if (value % divisor == 0) output.Collect((value, name));
        }

        public override void ProcessBroadcastElement(Rule value, Context context, ICollector<(long Value, string Rule)> output) =>
            context.GetBroadcastState(RulesDescriptor).Put(value.Name, value.Divisor);
    }

    /// <summary>Counts a key's records of each input in keyed state; one timer at the end of time emits both counts.</summary>
    private sealed class CountBoth : KeyedCoProcessFunction<string, Event, Event, (string Key, long Left, long Right)>
    {
        private IValueState<long> _left = null!;
        private IValueState<long> _right = null!;

        public override void Open()
        {
            _left = RuntimeContext.GetState(new ValueStateDescriptor<long>("left"));
            _right = RuntimeContext.GetState(new ValueStateDescriptor<long>("right"));
        }

        public override void ProcessElement1(Event value, Context context, ICollector<(string Key, long Left, long Right)> output)
        {
            _left.Update(_left.Value() + 1);
            context.TimerService.RegisterEventTimeTimer(long.MaxValue);
        }

        public override void ProcessElement2(Event value, Context context, ICollector<(string Key, long Left, long Right)> output)
        {
            _right.Update(_right.Value() + 1);
            context.TimerService.RegisterEventTimeTimer(long.MaxValue);
        }

        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<(string Key, long Left, long Right)> output) =>
            output.Collect((context.CurrentKey, _left.Value(), _right.Value()));
    }

    /// <summary>Evaluates each element against the rules as they are when it arrives (no buffering: BATCH brings all rules first).</summary>
    private sealed class EvaluateRules : KeyedBroadcastProcessFunction<long, long, Rule, (long Value, string Rule)>
    {
        public override void ProcessElement(long value, ReadOnlyContext context, ICollector<(long Value, string Rule)> output)
        {
            foreach (var (name, divisor) in context.GetBroadcastState(RulesDescriptor).ImmutableEntries())
                if (value % divisor == 0) output.Collect((value, name));
        }

        public override void ProcessBroadcastElement(Rule value, Context context, ICollector<(long Value, string Rule)> output) =>
            context.GetBroadcastState(RulesDescriptor).Put(value.Name, value.Divisor);
    }
}
