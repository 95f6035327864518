using Brook.Runtime.State;
using Brook.Streaming.State;

namespace Brook.State.Tests.State;

public sealed class OperatorStateTests
{
    private static readonly ListStateDescriptor<int> Offsets = new("offsets");
    private static readonly ListStateDescriptor<string> Union = new("union");
    private static readonly MapStateDescriptor<string, int> Rules = new("rules");

    private static ReadOnlyMemory<byte>[] SnapshotTwoSubtasks()
    {
        var subtasks = new[] { new DefaultOperatorStateBackend(), new DefaultOperatorStateBackend() };
        subtasks[0].GetListState(Offsets).AddAll([1, 2, 3]);
        subtasks[1].GetListState(Offsets).AddAll([4, 5]);
        subtasks[0].GetUnionListState(Union).Add("a");
        subtasks[1].GetUnionListState(Union).Add("b");
        foreach (var s in subtasks)
        {
            var rules = s.GetBroadcastState(Rules);
            rules.Put("r1", 1);
            rules.Put("r2", 2);
        }
        return subtasks.Select(s => (ReadOnlyMemory<byte>)s.Snapshot()).ToArray();
    }

    [Fact]
    public void Split_list_state_is_redistributed_so_each_element_goes_to_exactly_one_subtask()
    {
        var snapshots = SnapshotTwoSubtasks();
        var restored = Enumerable.Range(0, 3).Select(i =>
        {
            var backend = new DefaultOperatorStateBackend();
            backend.Restore(snapshots, i, 3);
            return backend.GetListState(Offsets).Get().ToList();
        }).ToList();
        Assert.Equal([1, 2, 3, 4, 5], restored.SelectMany(x => x).Order());
        Assert.All(restored, part => Assert.InRange(part.Count, 1, 2));
    }

    [Fact]
    public void At_the_same_parallelism_each_subtask_gets_its_own_list_state_back()
    {
        var snapshots = SnapshotTwoSubtasks();
        var second = new DefaultOperatorStateBackend();
        second.Restore(snapshots, 1, 2);
        Assert.Equal([4, 5], second.GetListState(Offsets).Get());
    }

    [Fact]
    public void Union_list_state_gives_every_subtask_all_elements()
    {
        var snapshots = SnapshotTwoSubtasks();
        for (var i = 0; i < 3; i++)
        {
            var backend = new DefaultOperatorStateBackend();
            backend.Restore(snapshots, i, 3);
            Assert.Equal(["a", "b"], backend.GetUnionListState(Union).Get().Order());
        }
    }

    [Fact]
    public void Broadcast_state_is_copied_to_every_subtask()
    {
        var snapshots = SnapshotTwoSubtasks();
        for (var i = 0; i < 3; i++)
        {
            var backend = new DefaultOperatorStateBackend();
            backend.Restore(snapshots, i, 3);
            var rules = backend.GetBroadcastState(Rules);
            Assert.Equal([new("r1", 1), new("r2", 2)], rules.ImmutableEntries().OrderBy(e => e.Key));
        }
    }

    [Fact]
    public void Registering_a_name_with_another_mode_fails()
    {
        var backend = new DefaultOperatorStateBackend();
        backend.GetListState(Offsets);
        Assert.Throws<InvalidOperationException>(() => backend.GetUnionListState(Offsets));
        var restored = new DefaultOperatorStateBackend();
        restored.Restore(SnapshotTwoSubtasks(), 0, 1);
        Assert.Throws<InvalidOperationException>(() => restored.GetUnionListState(Offsets));
    }
}
