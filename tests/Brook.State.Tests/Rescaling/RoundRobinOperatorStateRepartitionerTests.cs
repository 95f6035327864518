using System.Text;
using Brook.Runtime.State;
using Section = Brook.Runtime.State.OperatorStateSnapshotFormat.StateSection;

namespace Brook.State.Tests.Rescaling;

/// <summary>Operator state redistribution against hand-computed expectations of Flink's RoundRobinOperatorStateRepartitioner.</summary>
public sealed class RoundRobinOperatorStateRepartitionerTests
{
    private static Section Split(string name, params string[] elements) => new(name, OperatorStateDistributionMode.SplitDistribute, Bytes(elements));

    private static Section Union(string name, params string[] elements) => new(name, OperatorStateDistributionMode.Union, Bytes(elements));

    private static Section Broadcast(string name, params string[] elements) => new(name, OperatorStateDistributionMode.Broadcast, Bytes(elements));

    private static List<byte[]> Bytes(string[] elements) => elements.Select(Encoding.UTF8.GetBytes).ToList();

    private static string[] Elements(IReadOnlyList<Section> subtask, string name) =>
        subtask.Where(s => s.Name == name).SelectMany(s => s.Elements).Select(Encoding.UTF8.GetString).ToArray();

    [Fact]
    public void Split_state_is_cut_into_contiguous_parts_the_first_ones_longer_and_the_next_state_starts_where_the_odd_parts_ended()
    {
        // a: 5 elements over 3 subtasks → 2, 2, 1 from subtask 0; the odd parts ended before subtask 2, so b (4 elements → 2, 1, 1) starts there.
        IReadOnlyList<IReadOnlyList<Section>> previous =
        [
            [Split("a", "a1", "a2", "a3"), Split("b", "b1")],
            [Split("a", "a4", "a5"), Split("b", "b2", "b3", "b4")],
        ];
        var assigned = RoundRobinOperatorStateRepartitioner.Repartition(previous, 3);

        Assert.Equal(["a1", "a2"], Elements(assigned[0], "a"));
        Assert.Equal(["a3", "a4"], Elements(assigned[1], "a"));
        Assert.Equal(["a5"], Elements(assigned[2], "a"));
        Assert.Equal(["b3"], Elements(assigned[0], "b"));
        Assert.Equal(["b4"], Elements(assigned[1], "b"));
        Assert.Equal(["b1", "b2"], Elements(assigned[2], "b"));
    }

    [Fact]
    public void Scaling_split_state_down_keeps_every_element_exactly_once_in_subtask_order()
    {
        IReadOnlyList<IReadOnlyList<Section>> previous =
        [
            [Split("s", "1")], [Split("s", "2", "3")], [Split("s")], [Split("s", "4", "5", "6")],
        ];
        var assigned = RoundRobinOperatorStateRepartitioner.Repartition(previous, 2);

        Assert.Equal(["1", "2", "3"], Elements(assigned[0], "s"));
        Assert.Equal(["4", "5", "6"], Elements(assigned[1], "s"));
    }

    [Fact]
    public void At_an_unchanged_parallelism_split_state_stays_with_its_subtask()
    {
        IReadOnlyList<IReadOnlyList<Section>> previous = [[Split("s", "1", "2", "3")], [Split("s", "4")]];
        var assigned = RoundRobinOperatorStateRepartitioner.Repartition(previous, 2);

        Assert.Equal(["1", "2", "3"], Elements(assigned[0], "s"));
        Assert.Equal(["4"], Elements(assigned[1], "s"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Union_state_gives_every_new_subtask_the_elements_of_all_previous_subtasks(int newParallelism)
    {
        IReadOnlyList<IReadOnlyList<Section>> previous = [[Union("u", "x")], [Union("u", "y", "z")], [Union("u")]];
        var assigned = RoundRobinOperatorStateRepartitioner.Repartition(previous, newParallelism);

        Assert.All(assigned, subtask => Assert.Equal(["x", "y", "z"], Elements(subtask, "u")));
    }

    [Fact]
    public void Broadcast_state_gives_new_subtask_i_the_copy_of_previous_subtask_i_mod_n()
    {
        IReadOnlyList<IReadOnlyList<Section>> previous = [[Broadcast("rules", "copy0")], [Broadcast("rules", "copy1")]];
        var assigned = RoundRobinOperatorStateRepartitioner.Repartition(previous, 5);

        Assert.Equal(["copy0", "copy1", "copy0", "copy1", "copy0"], assigned.Select(s => Elements(s, "rules").Single()));
    }

    [Fact]
    public void Broadcast_state_only_some_subtasks_reported_is_taken_from_those_that_did()
    {
        // Partly reported broadcast state (a subtask had finished): the subtask without a copy gets one of those that reported it.
        IReadOnlyList<IReadOnlyList<Section>> previous = [[Broadcast("rules", "copy0")], [], [Broadcast("rules", "copy2")]];
        var assigned = RoundRobinOperatorStateRepartitioner.Repartition(previous, 3);

        Assert.Equal(["copy0", "copy2", "copy2"], assigned.Select(s => Elements(s, "rules").Single()));
    }

    [Fact]
    public void Source_splits_of_readers_that_are_gone_are_resumed_by_the_remaining_readers()
    {
        var start = 0;
        var parts = RoundRobinOperatorStateRepartitioner.SplitRoundRobin<string>([["s0"], ["s1"], ["s2"], ["s3", "s4"]], 2, ref start);

        Assert.Equal(["s0", "s1", "s2"], parts[0]);
        Assert.Equal(["s3", "s4"], parts[1]);
    }
}
