using Brook.Streaming.Operators.Windowing;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Windowing;

public sealed class MergingWindowSetTests
{
    private sealed class InMemoryListState<T> : IListState<T>
    {
        public List<T> Items { get; } = [];
        public IEnumerable<T> Get() => Items.ToList();
        public bool TryGet(out IEnumerable<T> values) { values = Items.ToList(); return Items.Count > 0; }
        public void Add(T value) => Items.Add(value);
        public void AddAll(IEnumerable<T> values) => Items.AddRange(values);
        public void Update(IEnumerable<T> values) { var copy = values.ToList(); Items.Clear(); Items.AddRange(copy); }
        public void Clear() => Items.Clear();
    }

    private static readonly EventTimeSessionWindows Sessions = EventTimeSessionWindows.WithGap(TimeSpan.FromMilliseconds(10));

    private sealed record Merge(TimeWindow Result, List<TimeWindow> Merged, TimeWindow StateWindow, List<TimeWindow> MergedStateWindows);

    private static (TimeWindow Result, Merge? Merge) Add(MergingWindowSet<TimeWindow> set, TimeWindow window)
    {
        Merge? merge = null;
        var result = set.AddWindow(window, (r, m, s, ms) => merge = new Merge(r, m.ToList(), s, ms.ToList()));
        return (result, merge);
    }

    [Fact]
    public void A_new_window_that_merges_nothing_is_its_own_state_window()
    {
        var set = new MergingWindowSet<TimeWindow>(Sessions.MergeWindows, new InMemoryListState<(TimeWindow, TimeWindow)>());
        var (result, merge) = Add(set, new TimeWindow(0, 10));
        Assert.Equal(new TimeWindow(0, 10), result);
        Assert.Null(merge);
        Assert.Equal(new TimeWindow(0, 10), set.GetStateWindow(result));
    }

    [Fact]
    public void Merging_keeps_an_existing_state_window_and_reports_the_others_to_merge()
    {
        var set = new MergingWindowSet<TimeWindow>(Sessions.MergeWindows, new InMemoryListState<(TimeWindow, TimeWindow)>());
        Add(set, new TimeWindow(0, 10));
        Add(set, new TimeWindow(20, 30));
        var (result, merge) = Add(set, new TimeWindow(8, 22));
        Assert.Equal(new TimeWindow(0, 30), result);
        Assert.NotNull(merge);
        Assert.Equal(new TimeWindow(0, 30), merge.Result);
        Assert.Equal([new TimeWindow(0, 10), new TimeWindow(20, 30)], merge.Merged.OrderBy(w => w.Start));
        Assert.Single(merge.MergedStateWindows);
        Assert.Contains(merge.StateWindow, new[] { new TimeWindow(0, 10), new TimeWindow(20, 30) });
        Assert.DoesNotContain(merge.StateWindow, merge.MergedStateWindows);
        Assert.Equal(merge.StateWindow, set.GetStateWindow(result));
        Assert.Equal([new TimeWindow(0, 30)], set.Windows);
    }

    [Fact]
    public void A_window_inside_an_existing_one_needs_no_merge()
    {
        var set = new MergingWindowSet<TimeWindow>(Sessions.MergeWindows, new InMemoryListState<(TimeWindow, TimeWindow)>());
        Add(set, new TimeWindow(0, 20));
        var (result, merge) = Add(set, new TimeWindow(5, 15));
        Assert.Equal(new TimeWindow(0, 20), result);
        Assert.Null(merge);
    }

    [Fact]
    public void The_mapping_is_persisted_to_and_read_back_from_state()
    {
        var state = new InMemoryListState<(TimeWindow, TimeWindow)>();
        var set = new MergingWindowSet<TimeWindow>(Sessions.MergeWindows, state);
        Add(set, new TimeWindow(0, 10));
        Add(set, new TimeWindow(5, 15));
        set.Persist();
        var reloaded = new MergingWindowSet<TimeWindow>(Sessions.MergeWindows, state);
        Assert.Equal([new TimeWindow(0, 15)], reloaded.Windows);
        reloaded.RetireWindow(new TimeWindow(0, 15));
        reloaded.Persist();
        Assert.Empty(state.Items);
        Assert.Throws<InvalidOperationException>(() => reloaded.RetireWindow(new TimeWindow(0, 15)));
    }
}
