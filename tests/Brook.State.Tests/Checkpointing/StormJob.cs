using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// The job the failure storms run: on event time (timestamp = value), a keyed rolling count and sum (keyed value state)
/// with an event-time timer per key and 100 ms (one line per firing), united with per-key sums in tumbling event-time
/// windows. Every line is deterministic, so an uninterrupted run is the oracle.
/// </summary>
internal static class StormJob
{
    private const int Keys = 11;
    private const long TimerPeriod = 100;

    public static DataStream<string> Pipeline(DataStream<long> numbers)
    {
        var timed = numbers.AssignTimestampsAndWatermarks(WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner((v, _) => v));
        var rolling = timed.KeyBy(v => v % Keys).Process(new RollingStateAndTimers());
        var windows = timed
            .Map(v => (Key: v % Keys, Window: v / 100, Sum: v))
            .KeyBy(t => t.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(100)))
            .Reduce((a, b) => (a.Key, a.Window, a.Sum + b.Sum))
            .Map(t => $"window,{t.Key},{t.Window},{t.Sum}");
        return rolling.Union(windows);
    }

    /// <summary>An at-least-once line without its aggregate: rolling lines to kind, key and record, windows to kind, key and window.</summary>
    public static string AtLeastOnceIdentity(string line) => line.StartsWith("timer,", StringComparison.Ordinal)
        ? line
        : string.Join(',', line.Split(',').Take(3));

    private sealed class RollingStateAndTimers : KeyedProcessFunction<long, long, string>
    {
        private IValueState<long> _count = null!;
        private IValueState<long> _sum = null!;

        public override void Open()
        {
            _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));
            _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));
        }

        public override void ProcessElement(long value, Context context, ICollector<string> output)
        {
            _count.Update(_count.Value() + 1);
            _sum.Update(_sum.Value() + value);
            context.TimerService.RegisterEventTimeTimer((value / TimerPeriod + 1) * TimerPeriod);
            output.Collect($"rolling,{context.CurrentKey},{value},{_count.Value()},{_sum.Value()}");
        }

        // Only key and time: the state at the firing depends on when watermarks come, which differs between runs.
        public override void OnTimer(long timestamp, OnTimerContext context, ICollector<string> output) =>
            output.Collect($"timer,{context.CurrentKey},{timestamp}");
    }
}
