using Brook.State.Tests.Harness;
using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Windowing;

public sealed class WindowOperatorTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static Trigger<TWindow> Any<TWindow>(Trigger<Window> trigger) where TWindow : Window => new WindowAgnosticTrigger<TWindow>(trigger);

    [Fact]
    public void Tumbling_event_time_windows_fire_when_the_watermark_passes_their_end()
    {
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(TumblingEventTimeWindows.Of(Second)));
        h.Element(("a", 1L), 100);
        h.Element(("a", 2L), 1_100);
        h.Element(("a", 4L), 900);
        h.Element(("b", 8L), 500);
        h.Watermark(998);
        Assert.Empty(h.Values);
        h.Watermark(999);
        Assert.Equal([("a", 5L), ("b", 8L)], h.Values.Order());
        Assert.All(h.Output.Records, r => Assert.Equal(999, r.Timestamp));
        h.Watermark(long.MaxValue);
        Assert.Equal(("a", 2L), h.Values[^1]);
        Assert.Equal([998, 999, long.MaxValue], h.Output.Watermarks);
    }

    [Fact]
    public void Sliding_windows_with_an_aggregate_equal_a_linq_reference()
    {
        var random = new Random(11);
        var events = Enumerable.Range(0, 400).Select(i => (Key: "k" + random.Next(5), Value: (long)random.Next(100), Ts: (long)random.Next(0, 10_000))).ToList();
        var h = new OperatorHarness<(string Key, double Avg)>(WindowTestOperators.Average(SlidingEventTimeWindows.Of(TimeSpan.FromSeconds(2), Second)));
        foreach (var e in events) h.Element((e.Key, e.Value), e.Ts);
        h.Watermark(long.MaxValue);

        var expected = events
            .SelectMany(e => new[] { e.Ts / 1000 * 1000, e.Ts / 1000 * 1000 - 1000 }.Select(start => (e.Key, e.Value, Start: start)))
            .GroupBy(x => (x.Key, x.Start))
            .Select(g => (g.Key.Key, Avg: g.Average(x => (double)x.Value)))
            .OrderBy(x => x.Key).ThenBy(x => x.Avg).ToList();
        Assert.Equal(expected, h.Values.OrderBy(x => x.Key).ThenBy(x => x.Avg).ToList());
    }

    [Fact]
    public void Session_windows_merge_and_a_bridging_element_joins_two_sessions()
    {
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(100))));
        h.Element(("a", 1L), 0);
        h.Element(("a", 2L), 50);
        h.Element(("a", 4L), 230);
        h.Watermark(120);
        Assert.Empty(h.Values);
        h.Element(("a", 8L), 140);
        h.Watermark(1_000);
        Assert.Equal([("a", 15L)], h.Values);
        Assert.Equal(329, h.Output.Records[0].Timestamp);
    }

    [Fact]
    public void Sessions_of_different_keys_are_independent()
    {
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(100))));
        h.Element(("a", 1L), 0);
        h.Element(("b", 2L), 50);
        h.Element(("a", 4L), 500);
        h.Watermark(long.MaxValue);
        Assert.Equal([("a", 1L), ("a", 4L), ("b", 2L)], h.Values.Order());
    }

    [Fact]
    public void Late_elements_within_the_allowed_lateness_refire_the_window_and_later_ones_go_to_the_side_output()
    {
        var late = new OutputTag<(string Key, long Value)>("late");
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(TumblingEventTimeWindows.Of(Second), allowedLateness: 500, lateTag: late));
        h.Element(("a", 1L), 100);
        h.Watermark(1_000);
        Assert.Equal([("a", 1L)], h.Values);
        h.Element(("a", 2L), 200);
        Assert.Equal([("a", 1L), ("a", 3L)], h.Values);
        h.Watermark(1_498);
        h.Element(("a", 4L), 998);
        Assert.Equal(("a", 7L), h.Values[^1]);
        h.Watermark(1_499);
        h.Element(("a", 8L), 999);
        Assert.Equal(3, h.Values.Count);
        Assert.Equal([("a", 8L)], h.Output.Side(late));
    }

    [Fact]
    public void Without_a_side_output_late_elements_are_dropped_and_counted()
    {
        var op = WindowTestOperators.Sum(TumblingEventTimeWindows.Of(Second));
        var h = new OperatorHarness<(string Key, long Value)>(op);
        h.Watermark(5_000);
        h.Element(("a", 1L), 100);
        h.Watermark(long.MaxValue);
        Assert.Empty(h.Values);
        Assert.Equal(1, op.NumLateRecordsDropped);
    }

    [Fact]
    public void Count_trigger_on_global_windows_fires_every_n_elements_and_purging_resets_the_contents()
    {
        var accumulating = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(GlobalWindows.Create(),
            Any<GlobalWindow>(CountTrigger.Of(2))));
        var purging = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(GlobalWindows.Create(),
            Any<GlobalWindow>(PurgingTrigger.Of(CountTrigger.Of(2)))));
        foreach (var v in new long[] { 1, 2, 4, 8, 16 })
        {
            accumulating.Element(("a", v));
            purging.Element(("a", v));
        }
        Assert.Equal([("a", 3L), ("a", 15L)], accumulating.Values);
        Assert.Equal([("a", 3L), ("a", 12L)], purging.Values);
    }

    [Fact]
    public void Continuous_event_time_trigger_fires_early_at_each_interval_and_at_the_end()
    {
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(10)),
            Any<TimeWindow>(ContinuousEventTimeTrigger.Of(TimeSpan.FromSeconds(2)))));
        h.Element(("a", 1L), 100);
        h.Watermark(1_999);
        Assert.Empty(h.Values);
        h.Watermark(2_000);
        Assert.Equal([("a", 1L)], h.Values);
        h.Element(("a", 2L), 3_000);
        h.Watermark(4_000);
        Assert.Equal([("a", 1L), ("a", 3L)], h.Values);
        h.Watermark(long.MaxValue);
        Assert.Equal(("a", 3L), h.Values[^1]);
    }

    [Fact]
    public void Processing_time_windows_fire_when_the_clock_passes_their_end()
    {
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(TumblingProcessingTimeWindows.Of(Second)), startMillis: 10_000);
        h.Element(("a", 1L));
        h.AdvanceProcessingTime(10_500);
        h.Element(("a", 2L));
        h.AdvanceProcessingTime(10_998);
        Assert.Empty(h.Values);
        h.AdvanceProcessingTime(10_999);
        Assert.Equal([("a", 3L)], h.Values);
        h.Element(("a", 4L));
        h.AdvanceProcessingTime(12_000);
        Assert.Equal([("a", 3L), ("a", 4L)], h.Values);
    }

    [Fact]
    public void Processing_time_sessions_end_after_the_gap_without_elements()
    {
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(ProcessingTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(100))), startMillis: 1_000);
        h.Element(("a", 1L));
        h.AdvanceProcessingTime(1_080);
        h.Element(("a", 2L));
        h.AdvanceProcessingTime(1_150);
        Assert.Empty(h.Values);
        h.AdvanceProcessingTime(1_200);
        Assert.Equal([("a", 3L)], h.Values);
    }

    private sealed class Describe : ProcessWindowFunction<(string Key, long Value), string, string, TimeWindow>
    {
        public static readonly OutputTag<string> Audit = new("audit");
        private readonly ValueStateDescriptor<int> _firings = new("firings");

        public override void Process(string key, Context context, IEnumerable<(string Key, long Value)> elements, ICollector<string> output)
        {
            var firings = context.WindowState.GetState(_firings);
            firings.Update(firings.Value() + 1);
            var total = context.GlobalState.GetReducingState(new ReducingStateDescriptor<long>("total", (a, b) => a + b));
            total.Add(elements.Sum(e => e.Value));
            output.Collect($"{key}[{context.Window.Start},{context.Window.End}) n={elements.Count()} firing={firings.Value()} total={total.Get()}");
            context.Output(Audit, $"{key}@{context.CurrentWatermark}");
        }
    }

    [Fact]
    public void Process_window_function_sees_the_window_per_window_and_global_state_and_side_outputs()
    {
        var h = new OperatorHarness<string>(WindowTestOperators.Process(TumblingEventTimeWindows.Of(Second), new Describe(),
            trigger: Any<TimeWindow>(ContinuousEventTimeTrigger.Of(TimeSpan.FromMilliseconds(500)))));
        h.Element(("a", 1L), 100);
        h.Watermark(500);
        h.Element(("a", 2L), 600);
        h.Watermark(999);
        h.Element(("a", 4L), 1_100);
        h.Watermark(1_999);
        Assert.Equal(
        [
            "a[0,1000) n=1 firing=1 total=1",
            "a[0,1000) n=2 firing=2 total=4",
            "a[1000,2000) n=1 firing=1 total=8",
            "a[1000,2000) n=1 firing=2 total=12",
        ], h.Values);
        Assert.Equal(["a@500", "a@999", "a@1999", "a@1999"], h.Output.Side(Describe.Audit));
    }

    private sealed class ListValues : ProcessWindowFunction<(string Key, long Value), string, string, GlobalWindow>
    {
        public override void Process(string key, Context context, IEnumerable<(string Key, long Value)> elements, ICollector<string> output) =>
            output.Collect(string.Join(",", elements.Select(e => e.Value)));
    }

    [Fact]
    public void A_count_evictor_makes_count_sliding_windows()
    {
        var h = new OperatorHarness<string>(WindowTestOperators.Process(GlobalWindows.Create(), new ListValues(),
            trigger: Any<GlobalWindow>(CountTrigger.Of(2)),
            evictor: CountEvictor.Of(3)));
        for (var v = 1; v <= 6; v++) h.Element(("a", (long)v), v);
        Assert.Equal(["1,2", "2,3,4", "4,5,6"], h.Values);
    }

    [Fact]
    public void A_merging_assigner_with_a_non_merging_trigger_is_rejected()
    {
        Assert.Throws<InvalidOperationException>(() => WindowTestOperators.Sum(EventTimeSessionWindows.WithGap(Second),
            new NonMergingTrigger()));
    }

    private sealed class NonMergingTrigger : Trigger<TimeWindow>
    {
        public override TriggerResult OnElement<T>(T element, long timestamp, TimeWindow window, ITriggerContext context) => TriggerResult.Fire;
        public override TriggerResult OnProcessingTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Continue;
        public override TriggerResult OnEventTime(long time, TimeWindow window, ITriggerContext context) => TriggerResult.Continue;
        public override void Clear(TimeWindow window, ITriggerContext context)
        {
        }
    }
}
