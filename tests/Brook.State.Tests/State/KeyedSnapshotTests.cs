using Brook.Streaming.State.Internal;
using Brook.Core.Hashing;
using Brook.Runtime.State;
using Brook.Streaming.State;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.State;

public sealed class KeyedSnapshotTests
{
    public sealed record Position(string Sensor, int Zone);

    private static readonly ValueStateDescriptor<long> CountDescriptor = new("count");
    private static readonly ListStateDescriptor<string> SeenDescriptor = new("seen");
    private static readonly MapStateDescriptor<string, Position> LastDescriptor = new("last");

    [Fact]
    public void State_snapshotted_at_parallelism_2_and_restored_at_3_gives_every_key_its_own_state()
    {
        const int keys = 500;
        var old = Enumerable.Range(0, 2).Select(i => KeyedBackendFactory.ForSubtask<string>(i, 2)).ToArray();
        for (var k = 0; k < keys; k++)
        {
            var key = "key-" + k;
            var backend = old[KeyedBackendFactory.OwnerOf(key, 2)];
            backend.SetCurrentKey(key);
            backend.GetState(CountDescriptor).Update(k * 10L);
            backend.GetListState(SeenDescriptor).AddAll([key, "x" + k]);
            backend.GetMapState(LastDescriptor).Put("p", new Position(key, k % 7));
        }
        var snapshots = old.Select(b => (ReadOnlyMemory<byte>)b.Snapshot()).ToArray();

        var restored = Enumerable.Range(0, 3).Select(i => KeyedBackendFactory.ForSubtask<string>(i, 3)).ToArray();
        foreach (var backend in restored) backend.Restore(snapshots);

        for (var k = 0; k < keys; k++)
        {
            var key = "key-" + k;
            var backend = restored[KeyedBackendFactory.OwnerOf(key, 3)];
            backend.SetCurrentKey(key);
            Assert.Equal(k * 10L, backend.GetState(CountDescriptor).Value());
            Assert.Equal([key, "x" + k], backend.GetListState(SeenDescriptor).Get());
            Assert.Equal(new Position(key, k % 7), backend.GetMapState(LastDescriptor).Get("p"));
        }
        // No subtask holds another's keys.
        var totalCounts = restored.Sum(CountKeys);
        Assert.Equal(keys, totalCounts);
    }

    private static int CountKeys<TKey>(HeapKeyedStateBackend<TKey> backend) =>
        backend.GetValueState(CountDescriptor, VoidNamespace.Instance).KeysIn(VoidNamespace.Instance).Count();

    [Fact]
    public void A_snapshot_of_a_key_group_range_holds_only_those_key_groups()
    {
        var backend = KeyedBackendFactory.Create<int>();
        var state = backend.GetState(CountDescriptor);
        for (var k = 0; k < 200; k++)
        {
            backend.SetCurrentKey(k);
            state.Update(k);
        }
        var half = new KeyGroupRange(0, 63);
        var partial = backend.Snapshot(half);
        var target = KeyedBackendFactory.Create<int>(range: half);
        target.Restore([partial]);
        var restoredState = target.GetState(CountDescriptor);
        var expected = Enumerable.Range(0, 200).Where(k => half.Contains(KeyedBackendFactory.KeyGroupOf(k))).ToList();
        Assert.NotEmpty(expected);
        foreach (var k in expected)
        {
            target.SetCurrentKey(k);
            Assert.Equal(k, restoredState.Value());
        }
        Assert.Equal(expected.Count, target.GetValueState(CountDescriptor, VoidNamespace.Instance).KeysIn(VoidNamespace.Instance).Count());
    }

    [Fact]
    public void Window_namespaced_state_and_ttl_timestamps_survive_a_snapshot()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var descriptor = new ReducingStateDescriptor<int>("sum", (a, b) => a + b);
        descriptor.EnableTimeToLive(StateTtlConfig.NewBuilder(TimeSpan.FromSeconds(10)).Build());
        var window = new Brook.Streaming.Windowing.TimeWindow(0, 1000);
        var backend = KeyedBackendFactory.Create<string>(time);
        var state = backend.GetReducingState(descriptor, window);
        backend.SetCurrentKey("k");
        state.Add(4);
        state.Add(5);
        var bytes = backend.Snapshot();

        var restored = KeyedBackendFactory.Create<string>(time);
        restored.Restore([bytes]);
        var restoredState = restored.GetReducingState(descriptor, new Brook.Streaming.Windowing.TimeWindow(0, 1000));
        restored.SetCurrentKey("k");
        Assert.Equal(9, restoredState.Get());
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(restoredState.TryGet(out _));
    }

    [Fact]
    public void State_restored_before_registration_is_kept_through_the_next_snapshot()
    {
        var backend = KeyedBackendFactory.Create<string>();
        backend.SetCurrentKey("k");
        backend.GetState(CountDescriptor).Update(3);
        var first = KeyedBackendFactory.Create<string>();
        first.Restore([backend.Snapshot()]);
        var second = KeyedBackendFactory.Create<string>();
        second.Restore([first.Snapshot()]);
        second.SetCurrentKey("k");
        Assert.Equal(3, second.GetState(CountDescriptor).Value());
    }

    [Fact]
    public void Restoring_a_state_as_another_kind_or_with_another_max_parallelism_fails()
    {
        var backend = KeyedBackendFactory.Create<string>();
        backend.SetCurrentKey("k");
        backend.GetState(CountDescriptor).Update(3);
        var bytes = backend.Snapshot();

        var wrongKind = KeyedBackendFactory.Create<string>();
        wrongKind.Restore([bytes]);
        Assert.Throws<InvalidOperationException>(() => wrongKind.GetListState(new ListStateDescriptor<long>("count")));

        var wrongMax = KeyedBackendFactory.Create<string>(maxParallelism: 256);
        Assert.Throws<InvalidOperationException>(() => wrongMax.Restore([bytes]));
    }

    [Fact]
    public void Corrupt_or_foreign_snapshots_are_rejected()
    {
        var backend = KeyedBackendFactory.Create<string>();
        Assert.Throws<InvalidDataException>(() => backend.Restore([new byte[] { 1, 2, 3 }]));
        var bytes = KeyedBackendFactory.Create<string>().Snapshot();
        Assert.Throws<InvalidDataException>(() => backend.Restore([bytes.AsMemory(0, bytes.Length - 1)]));
    }
}
