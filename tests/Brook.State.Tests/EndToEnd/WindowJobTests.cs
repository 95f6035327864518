using System.Collections.Concurrent;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.State;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.EndToEnd;

/// <summary>Window jobs on the embedded cluster: every window kind and trigger against a LINQ reference, at parallelism 1, 2 and 4.</summary>
public sealed class WindowJobTests
{
    public readonly record struct Event(string Key, long Value, long Timestamp);

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>Events in arrival order whose timestamps are out of order by up to <paramref name="disorderMs"/>.</summary>
    public static Event[] OutOfOrderEvents(int count, int keys, int disorderMs, int seed, int stepMs = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new Event("k" + random.Next(keys), random.Next(1, 100), 1_000_000 + (long)i * stepMs + random.Next(disorderMs)))
            .ToArray();
    }

    /// <param name="oneReader">One source subtask reads the whole collection (Flink's collection source), so every key's
    /// elements reach the windows in the collection's order; otherwise each subtask reads a range and they interleave.</param>
    private static SingleOutputStreamOperator<Event> Source(StreamExecutionEnvironment env, Event[] events, bool oneReader = false) =>
        (oneReader ? env.FromCollection(events).SetParallelism(1) : env.FromCollection(events))
            .AssignTimestampsAndWatermarks(WatermarkStrategy<Event>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(500)).WithTimestampAssigner((e, _) => e.Timestamp));

    private static long Start(long timestamp, long size) => timestamp - (timestamp % size);

    public sealed class SumAggregate : IAggregateFunction<Event, (long Sum, long Count), (long Sum, long Count)>
    {
        public (long Sum, long Count) CreateAccumulator() => (0, 0);
        public (long Sum, long Count) Add(Event value, (long Sum, long Count) acc) => (acc.Sum + value.Value, acc.Count + 1);
        public (long Sum, long Count) GetResult((long Sum, long Count) acc) => acc;
        public (long Sum, long Count) Merge((long Sum, long Count) a, (long Sum, long Count) b) => (a.Sum + b.Sum, a.Count + b.Count);
    }

    private sealed class Describe : ProcessWindowFunction<(long Sum, long Count), (string Key, long Start, long End, long Sum, long Count), string, TimeWindow>
    {
        public override void Process(string key, Context context, IEnumerable<(long Sum, long Count)> elements, ICollector<(string Key, long Start, long End, long Sum, long Count)> output)
        {
            var single = Assert.Single(elements);
            output.Collect((key, context.Window.Start, context.Window.End, single.Sum, single.Count));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Tumbling_windows_with_reduce_equal_linq(int parallelism)
    {
        var events = OutOfOrderEvents(3_000, 13, 400, parallelism);
        var results = new ConcurrentQueue<(Event Sum, long WindowEnd)>();
        var env = JobRunner.Environment(parallelism);
        Source(env, events)
            .KeyBy(e => e.Key)
            .Window(TumblingEventTimeWindows.Of(Second))
            .Reduce((a, b) => a with { Value = a.Value + b.Value, Timestamp = Math.Min(a.Timestamp, b.Timestamp) })
            .Process(new EmitWithTimestamp())
            .CollectInto(results);
        await env.RunAsync("tumbling");

        var expected = events.GroupBy(e => (e.Key, Start: Start(e.Timestamp, 1000)))
            .Select(g => (g.Key.Key, g.Sum(e => e.Value), g.Key.Start + 999)).Order();
        Assert.Equal(expected, results.Select(r => (r.Sum.Key, r.Sum.Value, r.WindowEnd)).Order());
    }

    /// <summary>Passes each element on with the timestamp it carries (the window's max timestamp).</summary>
    private sealed class EmitWithTimestamp : ProcessFunction<Event, (Event, long)>
    {
        public override void ProcessElement(Event value, Context context, ICollector<(Event, long)> output) => output.Collect((value, context.Timestamp ?? -1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Sliding_windows_with_aggregate_and_process_window_function_equal_linq(int parallelism)
    {
        var events = OutOfOrderEvents(2_000, 7, 300, 10 + parallelism);
        var results = new ConcurrentQueue<(string Key, long Start, long End, long Sum, long Count)>();
        var env = JobRunner.Environment(parallelism);
        Source(env, events)
            .KeyBy(e => e.Key)
            .Window(SlidingEventTimeWindows.Of(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500)))
            .Aggregate(new SumAggregate(), new Describe())
            .CollectInto(results);
        await env.RunAsync("sliding");

        var expected = events
            .SelectMany(e => Enumerable.Range(0, 4).Select(k => (e, Start: Start(e.Timestamp, 500) - k * 500L)))
            .GroupBy(x => (x.e.Key, x.Start))
            .Select(g => (g.Key.Key, g.Key.Start, g.Key.Start + 2000, g.Sum(x => x.e.Value), (long)g.Count())).Order();
        Assert.Equal(expected, results.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Session_windows_equal_linq_sessions(int parallelism)
    {
        // Bursts per key with gaps; the session gap (300 ms) is longer than the in-burst spacing.
        var random = new Random(parallelism);
        var events = Enumerable.Range(0, 1_500)
            .Select(i => new Event("k" + (i % 5), 1 + i % 10, 1_000_000 + i / 50 * 2_000L + (i % 50) * 20 + random.Next(200)))
            .ToArray();
        var results = new ConcurrentQueue<(string Key, long Start, long End, long Sum, long Count)>();
        var env = JobRunner.Environment(parallelism);
        Source(env, events)
            .KeyBy(e => e.Key)
            .Window(EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(300)))
            .Aggregate(new SumAggregate(), new Describe())
            .CollectInto(results);
        await env.RunAsync("sessions");

        var expected = new List<(string, long, long, long, long)>();
        foreach (var byKey in events.GroupBy(e => e.Key))
        {
            List<Event> session = [];
            foreach (var e in byKey.OrderBy(e => e.Timestamp))
            {
                if (session.Count > 0 && e.Timestamp >= session.Max(s => s.Timestamp) + 300)
                {
                    expected.Add((byKey.Key, session.Min(s => s.Timestamp), session.Max(s => s.Timestamp) + 300, session.Sum(s => s.Value), session.Count));
                    session = [];
                }
                session.Add(e);
            }
            expected.Add((byKey.Key, session.Min(s => s.Timestamp), session.Max(s => s.Timestamp) + 300, session.Sum(s => s.Value), session.Count));
        }
        Assert.Equal(expected.Order(), results.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Count_windows_tumbling_and_sliding_equal_linq_over_arrival_order(int parallelism)
    {
        var events = OutOfOrderEvents(1_000, 6, 100, 20 + parallelism);
        var tumbling = new ConcurrentQueue<(string Key, long Sum)>();
        var sliding = new ConcurrentQueue<(string Key, string Values)>();
        var env = JobRunner.Environment(parallelism);
        var source = Source(env, events, oneReader: true);
        source.KeyBy(e => e.Key).CountWindow(4)
            .Apply<(string, long)>((key, _, elements, output) => output.Collect((key, elements.Sum(e => e.Value))))
            .CollectInto(tumbling);
        source.KeyBy(e => e.Key).CountWindow(3, 2)
            .Apply<(string, string)>((key, _, elements, output) => output.Collect((key, string.Join(",", elements.Select(e => e.Value)))))
            .CollectInto(sliding);
        await env.RunAsync("count windows");

        // Per key, elements keep the collection's order through KeyBy (one reader, one producer), so count windows are exact.
        var expectedTumbling = events.GroupBy(e => e.Key)
            .SelectMany(g => g.Chunk(4).Where(c => c.Length == 4).Select(c => (g.Key, c.Sum(e => e.Value)))).Order();
        var expectedSliding = events.GroupBy(e => e.Key).SelectMany(g =>
        {
            var values = g.Select(e => e.Value).ToList();
            return Enumerable.Range(1, values.Count / 2).Select(k => (g.Key, string.Join(",", values.Take(2 * k).TakeLast(3))));
        }).Order();
        Assert.Equal(expectedTumbling, tumbling.Order());
        Assert.Equal(expectedSliding, sliding.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Continuous_trigger_fires_early_and_its_final_firing_equals_linq(int parallelism)
    {
        var events = OutOfOrderEvents(2_000, 5, 200, 30 + parallelism);
        var results = new ConcurrentQueue<(string Key, long Start, long End, long Sum, long Count)>();
        var env = JobRunner.Environment(parallelism);
        Source(env, events)
            .KeyBy(e => e.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(5)))
            .Trigger(ContinuousEventTimeTrigger.Of(TimeSpan.FromSeconds(1)))
            .Aggregate(new SumAggregate(), new Describe())
            .CollectInto(results);
        await env.RunAsync("continuous");

        var expected = events.GroupBy(e => (e.Key, Start: Start(e.Timestamp, 5000)))
            .Select(g => (g.Key.Key, g.Key.Start, g.Key.Start + 5000, g.Sum(e => e.Value), (long)g.Count())).Order().ToList();
        // Sums only grow within a window, so the last (complete) firing of a window is its largest.
        var finals = results.GroupBy(r => (r.Key, r.Start)).Select(g => g.MaxBy(r => r.Count)).Order().ToList();
        Assert.Equal(expected, finals);
        Assert.True(results.Count > finals.Count, "The continuous trigger fired before the windows ended.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Evicting_time_windows_keep_only_the_last_elements(int parallelism)
    {
        var events = OutOfOrderEvents(1_500, 4, 100, 40 + parallelism);
        var results = new ConcurrentQueue<(string Key, long Start, long Sum)>();
        var env = JobRunner.Environment(parallelism);
        Source(env, events)
            .KeyBy(e => e.Key)
            .Window(TumblingEventTimeWindows.Of(Second))
            .Evictor(TimeEvictor.Of(TimeSpan.FromMilliseconds(250)))
            .Apply<(string, long, long)>((key, window, elements, output) => output.Collect((key, window.Start, elements.Sum(e => e.Value))))
            .CollectInto(results);
        await env.RunAsync("evicting");

        var expected = events.GroupBy(e => (e.Key, Start: Start(e.Timestamp, 1000))).Select(g =>
        {
            var newest = g.Max(e => e.Timestamp);
            return (g.Key.Key, g.Key.Start, g.Where(e => e.Timestamp > newest - 250).Sum(e => e.Value));
        }).Order();
        Assert.Equal(expected, results.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Window_all_sums_the_whole_stream_per_window(int parallelism)
    {
        var events = OutOfOrderEvents(2_000, 9, 300, 50 + parallelism);
        var results = new ConcurrentQueue<(long Start, long Sum, long Count)>();
        var env = JobRunner.Environment(parallelism);
        Source(env, events)
            .Map(e => e).SetParallelism(parallelism)
            .WindowAll(TumblingEventTimeWindows.Of(Second))
            .Apply<(long, long, long)>((window, elements, output) => output.Collect((window.Start, elements.Sum(e => e.Value), elements.Count())))
            .CollectInto(results);
        await env.RunAsync("window all");

        var expected = events.GroupBy(e => Start(e.Timestamp, 1000)).Select(g => (g.Key, g.Sum(e => e.Value), (long)g.Count())).Order();
        Assert.Equal(expected, results.Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Processing_time_windows_account_for_every_element(int parallelism)
    {
        var events = OutOfOrderEvents(2_000, 5, 10, 60 + parallelism);
        var results = new ConcurrentQueue<(string Key, long Sum)>();
        var env = JobRunner.Environment(parallelism);
        // Which window an element lands in depends on the clock; what must hold is that every element is
        // counted exactly once. The trigger also fires the windows still open when the bounded input ends.
        env.FromCollection(events)
            .KeyBy(e => e.Key)
            .Window(TumblingProcessingTimeWindows.Of(TimeSpan.FromMilliseconds(50)))
            .Trigger(new FireAtEndOfInput())
            .Reduce((a, b) => a with { Value = a.Value + b.Value })
            .Map(e => (e.Key, e.Value))
            .CollectInto(results);
        await env.RunAsync("processing time");

        var expected = events.GroupBy(e => e.Key).Select(g => (g.Key, g.Sum(e => e.Value))).Order();
        var totals = results.GroupBy(r => r.Key).Select(g => (g.Key, g.Sum(r => r.Sum))).Order();
        Assert.Equal(expected, totals);
    }

    /// <summary>
    /// Processing-time windows whose pending windows also fire when event time ends (the max watermark at
    /// end of input), so a bounded test job loses no window that the clock has not reached yet.
    /// </summary>
    private sealed class FireAtEndOfInput : Trigger<TimeWindow>
    {
        public override TriggerResult OnElement<T>(T element, long timestamp, TimeWindow window, ITriggerContext context)
        {
            context.RegisterProcessingTimeTimer(window.MaxTimestamp);
            context.RegisterEventTimeTimer(long.MaxValue);
            return TriggerResult.Continue;
        }

        public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.FireAndPurge;

        public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.FireAndPurge;

        public override void Clear(TimeWindow window, ITriggerContext context)
        {
            context.DeleteProcessingTimeTimer(window.MaxTimestamp);
            context.DeleteEventTimeTimer(long.MaxValue);
        }
    }
}
