using Brook.State.Tests.EndToEnd;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Graph;
using Brook.Streaming.Sources;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Api;

/// <summary>What a newcomer writes: window counts and lambda folds, FlatMap without a type argument, collections read in parallel.</summary>
public sealed class ErgonomicsTests
{
    private readonly record struct Event(string Key, long Value, long Timestamp);

    private static Event[] Events(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new Event("k" + random.Next(7), random.Next(1, 100), 1_000_000 + (long)i * 5 + random.Next(300)))
            .ToArray();
    }

    private static SingleOutputStreamOperator<Event> Timed(StreamExecutionEnvironment env, Event[] events) =>
        env.FromCollection(events)
            .AssignTimestampsAndWatermarks(WatermarkStrategy<Event>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(400)).WithTimestampAssigner((e, _) => e.Timestamp));

    private static long WindowStart(long timestamp) => timestamp - timestamp % 1000;

    private static async Task<List<T>> CollectAsync<T>(DataStream<T> stream)
    {
        using var timeout = new CancellationTokenSource(JobRunner.Timeout);
        var results = new List<T>();
        await foreach (var x in stream.ExecuteAndCollectAsync().WithCancellation(timeout.Token)) results.Add(x);
        return results;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Window_count_equals_linq(int parallelism)
    {
        var events = Events(2_000, parallelism);
        var env = JobRunner.Environment(parallelism);
        var counts = await CollectAsync(Timed(env, events).KeyBy(e => e.Key).Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1))).Count());

        var expected = events.GroupBy(e => (e.Key, Start: WindowStart(e.Timestamp))).Select(g => (g.Key.Key, g.Key.Start, (long)g.Count())).Order();
        Assert.Equal(expected, counts.Select(c => (c.Key, c.Window.Start, c.Count)).Order());
    }

    [Fact]
    public async Task WindowAll_count_and_fold_equal_linq()
    {
        var events = Events(1_000, 5);
        var env = JobRunner.Environment(2);
        var windows = Timed(env, events).WindowAll(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)));
        var counts = windows.Count().Map(c => (c.Window.Start, c.Count));
        var sums = windows.Aggregate(0L, (sum, e) => sum + e.Value, (window, sum) => (window.Start, -sum));
        var results = await CollectAsync(counts.Union(sums));

        var groups = events.GroupBy(e => WindowStart(e.Timestamp)).ToList();
        var expected = groups.Select(g => (g.Key, (long)g.Count())).Concat(groups.Select(g => (g.Key, -g.Sum(e => e.Value)))).Order();
        Assert.Equal(expected, results.Order());
    }

    [Fact]
    public async Task Lambda_aggregate_reduce_and_process_equal_linq()
    {
        var events = Events(1_500, 3);
        var env = JobRunner.Environment(2);
        var windows = Timed(env, events).KeyBy(e => e.Key).Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)));
        var sums = windows.Aggregate(0L, (sum, e) => sum + e.Value);
        var averages = windows.Aggregate((Sum: 0L, Count: 0L), (acc, e) => (acc.Sum + e.Value, acc.Count + 1), (key, window, acc) => (key, window.Start, acc.Sum / acc.Count));
        var maxima = windows.Reduce((a, b) => a.Value >= b.Value ? a : b, (key, window, max) => (key, window.Start, max.Value));
        var distinct = windows.Process((key, window, elements) => (key, window.Start, (long)elements.Select(e => e.Value).Distinct().Count()));
        var tagged = sums.Map(s => ("sum", "", 0L, s))
            .Union(averages.Map(a => ("avg", a.key, a.Item2, a.Item3)),
                maxima.Map(m => ("max", m.key, m.Item2, m.Item3)),
                distinct.Map(d => ("distinct", d.key, d.Item2, d.Item3)));
        var results = await CollectAsync(tagged);

        var groups = events.GroupBy(e => (e.Key, Start: WindowStart(e.Timestamp))).ToList();
        Assert.Equal(groups.Select(g => g.Sum(e => e.Value)).Order(), results.Where(r => r.Item1 == "sum").Select(r => r.Item4).Order());
        Assert.Equal(groups.Select(g => (g.Key.Key, g.Key.Start, g.Sum(e => e.Value) / g.Count())).Order(),
            results.Where(r => r.Item1 == "avg").Select(r => (r.Item2, r.Item3, r.Item4)).Order());
        Assert.Equal(groups.Select(g => (g.Key.Key, g.Key.Start, g.Max(e => e.Value))).Order(),
            results.Where(r => r.Item1 == "max").Select(r => (r.Item2, r.Item3, r.Item4)).Order());
        Assert.Equal(groups.Select(g => (g.Key.Key, g.Key.Start, (long)g.Select(e => e.Value).Distinct().Count())).Order(),
            results.Where(r => r.Item1 == "distinct").Select(r => (r.Item2, r.Item3, r.Item4)).Order());
    }

    [Fact]
    public async Task Session_window_counts_merge_and_a_fold_without_merge_is_refused()
    {
        // Two bursts per key, 10 s apart: one session each.
        var events = Enumerable.Range(0, 400).Select(i => new Event("k" + i % 4, 1, 1_000_000 + i % 200 * 5 + i / 200 * 10_000)).ToArray();
        var env = JobRunner.Environment(2);
        var windows = Timed(env, events).KeyBy(e => e.Key).Window(EventTimeSessionWindows.WithGap(TimeSpan.FromSeconds(2)));

        Assert.Throws<ArgumentException>(() => windows.Aggregate(0L, (n, _) => n + 1));
        var counts = await CollectAsync(windows.Count());

        Assert.Equal(8, counts.Count);
        Assert.All(counts, c => Assert.Equal(50, c.Count));
    }

    [Fact]
    public async Task FlatMap_infers_its_output_type_from_a_lambda()
    {
        var env = JobRunner.Environment(2);
        string[] lines = ["to be or not to be", "that is the question"];
        // No type argument: TOut is inferred from the lambda's IEnumerable result.
        var words = env.FromCollection(lines).FlatMap(line => line.Split(' ')).KeyBy(w => w).Sum(_ => 1L);
        var counts = await CollectAsync(words);

        var expected = lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).Select(g => (g.Key, (long)g.Count())).Order();
        Assert.Equal(expected, counts.GroupBy(c => c.Key).Select(g => (g.Key, g.Max(c => c.Value))).Order());
    }

    [Fact]
    public async Task A_list_is_read_in_parallel_in_place()
    {
        var elements = Enumerable.Range(0, 10_000).ToList();
        var env = JobRunner.Environment(3);
        var source = env.FromCollection(elements);
        Assert.Same(elements, ((SourceTransformation<int, IndexRangeSplit>)source.Transformation).Source is CollectionSource<int> c ? c.Elements : null);

        var read = await CollectAsync(source.Map(new WithSubtask()));
        Assert.Equal(elements, read.Select(r => r.Value).Order());
        Assert.Equal([0, 1, 2], read.Select(r => r.Subtask).Distinct().Order());
        // Each subtask reads its range in order.
        Assert.All(read.GroupBy(r => r.Subtask), g => Assert.Equal(g.Select(r => r.Value).Order(), g.Select(r => r.Value)));
    }

    private sealed class WithSubtask : RichMapFunction<int, (int Subtask, int Value)>
    {
        public override (int Subtask, int Value) Map(int value) => (RuntimeContext.IndexOfThisSubtask, value);
    }
}
