using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Windowing;

public sealed class WindowAssignerTests
{
    private sealed class Clock(long now) : IWindowAssignerContext
    {
        public long CurrentProcessingTime => now;
    }

    private static readonly Clock NoClock = new(0);

    [Theory]
    [InlineData(0, 0, 1000)]
    [InlineData(999, 0, 1000)]
    [InlineData(1000, 1000, 2000)]
    [InlineData(-1, -1000, 0)]
    [InlineData(-1000, -1000, 0)]
    public void Tumbling_windows_align_to_the_epoch(long timestamp, long start, long end)
    {
        var window = Assert.Single(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)).AssignWindows(0, timestamp, NoClock));
        Assert.Equal(new TimeWindow(start, end), window);
    }

    [Fact]
    public void Tumbling_windows_with_an_offset_shift_their_boundaries()
    {
        var assigner = TumblingEventTimeWindows.Of(TimeSpan.FromHours(1), TimeSpan.FromMinutes(15));
        var window = Assert.Single(assigner.AssignWindows(0, 3_600_000 + 60_000, NoClock));
        Assert.Equal(new TimeWindow(900_000, 4_500_000), window);
    }

    [Fact]
    public void Sliding_windows_put_an_element_into_size_over_slide_windows()
    {
        var windows = SlidingEventTimeWindows.Of(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1)).AssignWindows(0, 2500, NoClock);
        Assert.Equal([new TimeWindow(0, 3000), new TimeWindow(1000, 4000), new TimeWindow(2000, 5000)], windows.OrderBy(w => w.Start));
        Assert.All(windows, w => Assert.True(w.Start <= 2500 && 2500 < w.End));
    }

    [Fact]
    public void Processing_time_assigners_use_the_clock_not_the_timestamp()
    {
        var window = Assert.Single(TumblingProcessingTimeWindows.Of(TimeSpan.FromSeconds(10)).AssignWindows(0, 5, new Clock(12_345)));
        Assert.Equal(new TimeWindow(10_000, 20_000), window);
        Assert.Equal(new TimeWindow(12_345, 12_845), Assert.Single(ProcessingTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(500)).AssignWindows(0, 5, new Clock(12_345))));
    }

    [Fact]
    public void Event_time_assigners_require_a_timestamp()
    {
        Assert.Throws<InvalidOperationException>(() => TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)).AssignWindows(0, long.MinValue, NoClock));
    }

    [Fact]
    public void Invalid_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TumblingEventTimeWindows.Of(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingEventTimeWindows.Of(TimeSpan.FromSeconds(1), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => EventTimeSessionWindows.WithGap(TimeSpan.Zero));
    }

    [Fact]
    public void Global_windows_hold_everything_in_one_window_whose_default_trigger_never_fires()
    {
        var assigner = GlobalWindows.Create();
        Assert.Same(GlobalWindow.Instance, Assert.Single(assigner.AssignWindows(1, 5, NoClock)));
        Assert.IsType<NeverTrigger>(assigner.GetDefaultTrigger());
        Assert.Equal(long.MaxValue, GlobalWindow.Instance.MaxTimestamp);
    }

    private sealed class Recorder : IMergeCallback<TimeWindow>
    {
        public List<(TimeWindow Result, List<TimeWindow> Members)> Merges { get; } = [];
        public void Merge(IReadOnlyCollection<TimeWindow> toBeMerged, TimeWindow mergeResult) => Merges.Add((mergeResult, toBeMerged.ToList()));
    }

    [Fact]
    public void Time_windows_merge_when_they_overlap_or_touch()
    {
        var recorder = new Recorder();
        TimeWindow.MergeWindows([new(0, 10), new(20, 30), new(5, 15), new(30, 35), new(50, 60)], recorder);
        Assert.Equal(2, recorder.Merges.Count);
        Assert.Equal(new TimeWindow(0, 15), recorder.Merges[0].Result);
        Assert.Equal([new TimeWindow(0, 10), new TimeWindow(5, 15)], recorder.Merges[0].Members);
        Assert.Equal(new TimeWindow(20, 35), recorder.Merges[1].Result);
    }
}
