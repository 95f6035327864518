using Brook.Streaming;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.State;

/// <summary>The state window operators keep (evictor elements, merging window sets, join buffers) survives a snapshot.</summary>
public sealed class WindowStateSnapshotTests
{
    [Fact]
    public void Evictor_elements_merging_window_sets_and_tagged_unions_round_trip()
    {
        var window = new TimeWindow(1_000, 2_000);
        var evicting = new ListStateDescriptor<TimestampedValue<(string, long)>>("window-contents");
        var merging = new ListStateDescriptor<(TimeWindow, TimeWindow)>("merging-window-set");
        var tagged = new ListStateDescriptor<TaggedUnion<string, long>>("tagged");
        var buffer = new MapStateDescriptor<long, List<(string, long)>>("LEFT_BUFFER");

        var backend = KeyedBackendFactory.Create<string>();
        backend.SetCurrentKey("k");
        backend.GetListState(evicting, window).Add(new TimestampedValue<(string, long)>(("a", 1), 1_500));
        backend.GetListState(merging).Add((new TimeWindow(0, 10), new TimeWindow(5, 15)));
        backend.GetListState(tagged).AddAll([TaggedUnion<string, long>.OfFirst("x"), TaggedUnion<string, long>.OfSecond(7)]);
        backend.GetMapState(buffer).Put(1_500, [("b", 2), ("c", 3)]);

        var restored = KeyedBackendFactory.Create<string>();
        restored.Restore([backend.Snapshot()]);
        restored.SetCurrentKey("k");
        Assert.Equal([new TimestampedValue<(string, long)>(("a", 1), 1_500)], restored.GetListState(evicting, new TimeWindow(1_000, 2_000)).Get());
        Assert.Equal([(new TimeWindow(0, 10), new TimeWindow(5, 15))], restored.GetListState(merging).Get());
        Assert.Equal([TaggedUnion<string, long>.OfFirst("x"), TaggedUnion<string, long>.OfSecond(7)], restored.GetListState(tagged).Get());
        Assert.Equal([("b", 2L), ("c", 3L)], restored.GetMapState(buffer).Get(1_500));
    }
}
