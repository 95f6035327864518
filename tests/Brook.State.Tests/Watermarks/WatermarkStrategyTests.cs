using Brook.Streaming.Watermarks;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.Watermarks;

public sealed class WatermarkStrategyTests
{
    private sealed class RecordingOutput : IWatermarkOutput
    {
        public List<string> Events { get; } = [];
        public void EmitWatermark(long timestamp) => Events.Add("wm:" + timestamp);
        public void MarkIdle() => Events.Add("idle");
        public void MarkActive() => Events.Add("active");
    }

    private static WatermarkGeneratorContext Context(TimeProvider? time = null) => new(time ?? TimeProvider.System);

    [Fact]
    public void Bounded_out_of_orderness_trails_the_max_timestamp_by_the_bound_minus_one()
    {
        var generator = WatermarkStrategy<long>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(100)).CreateWatermarkGenerator(Context());
        var output = new RecordingOutput();
        generator.OnPeriodicEmit(output);
        generator.OnEvent(0, 1000, output);
        generator.OnEvent(0, 700, output);
        generator.OnPeriodicEmit(output);
        generator.OnEvent(0, 1500, output);
        generator.OnPeriodicEmit(output);
        Assert.Equal(["wm:" + long.MinValue, "wm:899", "wm:1399"], output.Events);
    }

    [Fact]
    public void Monotonous_timestamps_give_the_max_timestamp_minus_one()
    {
        var generator = WatermarkStrategy<long>.ForMonotonousTimestamps().CreateWatermarkGenerator(Context());
        var output = new RecordingOutput();
        generator.OnEvent(0, 42, output);
        generator.OnPeriodicEmit(output);
        Assert.Equal(["wm:41"], output.Events);
    }

    [Fact]
    public void No_watermarks_emits_nothing()
    {
        var generator = WatermarkStrategy<long>.NoWatermarks().CreateWatermarkGenerator(Context());
        var output = new RecordingOutput();
        generator.OnEvent(0, 42, output);
        generator.OnPeriodicEmit(output);
        Assert.Empty(output.Events);
    }

    [Fact]
    public void The_timestamp_assigner_extracts_event_time_and_defaults_to_the_record_timestamp()
    {
        var assigned = WatermarkStrategy<(string, long)>.ForMonotonousTimestamps().WithTimestampAssigner((e, _) => e.Item2).CreateTimestampAssigner(Context());
        Assert.Equal(77, assigned.ExtractTimestamp(("a", 77), 5));
        var kept = WatermarkStrategy<(string, long)>.ForMonotonousTimestamps().CreateTimestampAssigner(Context());
        Assert.Equal(5, kept.ExtractTimestamp(("a", 77), 5));
    }

    [Fact]
    public void With_idleness_the_output_goes_idle_after_the_timeout_without_events_and_active_on_the_next_event()
    {
        var time = new FakeTimeProvider();
        var generator = WatermarkStrategy<long>.ForMonotonousTimestamps().WithIdleness(TimeSpan.FromSeconds(1)).CreateWatermarkGenerator(Context(time));
        var output = new RecordingOutput();
        generator.OnEvent(0, 10, output);
        generator.OnPeriodicEmit(output);
        time.Advance(TimeSpan.FromMilliseconds(500));
        generator.OnPeriodicEmit(output);
        time.Advance(TimeSpan.FromMilliseconds(600));
        generator.OnPeriodicEmit(output);
        generator.OnPeriodicEmit(output);
        generator.OnEvent(0, 20, output);
        generator.OnPeriodicEmit(output);
        Assert.Equal(["wm:9", "wm:9", "idle", "active", "wm:19"], output.Events);
    }

    [Fact]
    public void Invalid_bounds_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WatermarkStrategy<int>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => WatermarkStrategy<int>.ForMonotonousTimestamps().WithIdleness(TimeSpan.Zero));
    }
}
