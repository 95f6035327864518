using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Windowing;

public sealed class EvictorTests
{
    private sealed class NoContext : IEvictorContext
    {
        public long CurrentProcessingTime => 0;
        public long CurrentWatermark => 0;
    }

    private static List<TimestampedValue<int>> Elements(params (int V, long T)[] items) => items.Select(i => new TimestampedValue<int>(i.V, i.T)).ToList();

    [Fact]
    public void Count_evictor_keeps_the_newest_elements_before_or_after_evaluation()
    {
        var before = Elements((1, 1), (2, 2), (3, 3), (4, 4));
        CountEvictor.Of(2).EvictBefore(before, before.Count, GlobalWindow.Instance, new NoContext());
        Assert.Equal([3, 4], before.Select(e => e.Value));

        var after = Elements((1, 1), (2, 2), (3, 3));
        var evictor = CountEvictor.Of(1, doEvictAfter: true);
        evictor.EvictBefore(after, after.Count, GlobalWindow.Instance, new NoContext());
        Assert.Equal(3, after.Count);
        evictor.EvictAfter(after, after.Count, GlobalWindow.Instance, new NoContext());
        Assert.Equal([3], after.Select(e => e.Value));
    }

    [Fact]
    public void Time_evictor_keeps_elements_within_the_span_of_the_newest()
    {
        var elements = Elements((1, 100), (2, 450), (3, 500), (4, 1000));
        TimeEvictor.Of(TimeSpan.FromMilliseconds(550)).EvictBefore(elements, elements.Count, GlobalWindow.Instance, new NoContext());
        Assert.Equal([3, 4], elements.Select(e => e.Value));
    }

    [Fact]
    public void Delta_evictor_removes_elements_too_far_from_the_last()
    {
        var elements = Elements((1, 0), (8, 0), (5, 0), (10, 0));
        DeltaEvictor<int>.Of(5, (a, b) => Math.Abs(a - b)).EvictBefore(elements, elements.Count, GlobalWindow.Instance, new NoContext());
        Assert.Equal([8, 10], elements.Select(e => e.Value));
    }
}
