using Brook.State.Tests.Harness;
using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Joins;
using Brook.Streaming.Operators.Timers;
using Brook.Streaming.State;

namespace Brook.State.Tests.Operators;

public sealed class ProcessAndJoinOperatorTests
{
    private sealed class Reminder : KeyedProcessFunction<string, (string Key, int Delay), string>
    {
        private IListState<int> _pending = null!;

        public override void Open() => _pending = RuntimeContext.GetListState(new ListStateDescriptor<int>("pending"));

        public override void ProcessElement((string Key, int Delay) value, Context context, ICollector<string> output)
        {
            _pending.Add(value.Delay);
            context.TimerService.RegisterProcessingTimeTimer(context.TimerService.CurrentProcessingTime + value.Delay);
        }

        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<string> output) =>
            output.Collect($"{context.CurrentKey}@{timestamp}:{context.TimeDomain}:{string.Join(",", _pending.Get())}:{context.Timestamp?.ToString() ?? "none"}");
    }

    [Fact]
    public void Processing_time_timers_fire_per_key_with_its_state_and_no_event_time()
    {
        var h = new OperatorHarness<string>(new KeyedProcessOperator<string, (string Key, int Delay), string>(new Reminder(), e => e.Key), startMillis: 1_000);
        h.Element(("a", 100));
        h.Element(("b", 50));
        h.Element(("a", 100));
        h.AdvanceProcessingTime(1_049);
        Assert.Empty(h.Values);
        h.AdvanceProcessingTime(1_200);
        Assert.Equal(["b@1050:ProcessingTime:50:none", "a@1100:ProcessingTime:100,100:none"], h.Values);
        Assert.All(h.Output.Records, r => Assert.False(r.HasTimestamp));
    }

    private sealed class Pair : ProcessJoinFunction<(string Key, string Id), (string Key, string Id), string>
    {
        public override void ProcessElement((string Key, string Id) left, (string Key, string Id) right, Context context, ICollector<string> output) =>
            output.Collect($"{left.Id}-{right.Id}@{context.Timestamp}");
    }

    [Fact]
    public void Interval_join_matches_within_the_bounds_cleans_up_and_sends_late_elements_to_side_outputs()
    {
        var leftLate = new OutputTag<(string Key, string Id)>("left-late");
        var rightLate = new OutputTag<(string Key, string Id)>("right-late");
        var op = new IntervalJoinOperator<string, (string Key, string Id), (string Key, string Id), string>(
            new Pair(), l => l.Key, r => r.Key, lowerBound: -10, upperBound: 20, leftLate, rightLate);
        var h = new OperatorHarness<string>(op);
        h.Element1<(string Key, string Id), (string Key, string Id)>(("k", "L1"), 100);
        h.Element2<(string Key, string Id), (string Key, string Id)>(("k", "R1"), 90);
        h.Element2<(string Key, string Id), (string Key, string Id)>(("k", "R2"), 120);
        h.Element2<(string Key, string Id), (string Key, string Id)>(("k", "R3"), 121);
        h.Element2<(string Key, string Id), (string Key, string Id)>(("other", "R4"), 100);
        Assert.Equal(["L1-R1@100", "L1-R2@120"], h.Values);

        h.Watermark1<(string Key, string Id), (string Key, string Id)>(200);
        h.Watermark2<(string Key, string Id), (string Key, string Id)>(200);
        h.Element1<(string Key, string Id), (string Key, string Id)>(("k", "L-late"), 150);
        h.Element2<(string Key, string Id), (string Key, string Id)>(("k", "R-late"), 199);
        h.Element1<(string Key, string Id), (string Key, string Id)>(("k", "L2"), 210);
        Assert.Equal(["L1-R1@100", "L1-R2@120"], h.Values);
        Assert.Equal([("k", "L-late")], h.Output.Side(leftLate));
        Assert.Equal([("k", "R-late")], h.Output.Side(rightLate));
        Assert.Equal([200L], h.Output.Watermarks);
    }

    private sealed class Merge : CoProcessFunction<int, string, string>
    {
        public override void ProcessElement1(int value, Context context, ICollector<string> output) => output.Collect($"int {value} @{context.Timestamp}");

        public override void ProcessElement2(string value, Context context, ICollector<string> output) => output.Collect($"str {value} wm={context.CurrentWatermark}");
    }

    [Fact]
    public void Co_process_handles_both_inputs_and_forwards_the_minimum_watermark()
    {
        var h = new OperatorHarness<string>(new CoProcessOperator<int, string, string>(new Merge()));
        h.Element1<int, string>(1, 10);
        h.Watermark1<int, string>(50);
        Assert.Empty(h.Output.Watermarks);
        h.Watermark2<int, string>(30);
        h.Element2<int, string>("x");
        h.Watermark2<int, string>(80);
        Assert.Equal(["int 1 @10", "str x wm=30"], h.Values);
        Assert.Equal([30L, 50L], h.Output.Watermarks);
    }

    [Fact]
    public void An_idle_input_leaves_the_combined_watermark_until_it_is_active_again()
    {
        var op = new CoProcessOperator<int, string, string>(new Merge());
        var h = new OperatorHarness<string>(op);
        h.Watermark1<int, string>(100);
        Assert.Empty(h.Output.Watermarks);
        op.ProcessWatermarkStatus2(WatermarkStatus.Idle);
        Assert.Equal([100L], h.Output.Watermarks);
        h.Watermark1<int, string>(150);
        op.ProcessWatermarkStatus2(WatermarkStatus.Active);
        h.Watermark1<int, string>(200);
        Assert.Equal([100L, 150L], h.Output.Watermarks);
        h.Watermark2<int, string>(180);
        Assert.Equal([100L, 150L, 180L], h.Output.Watermarks);
    }
}
