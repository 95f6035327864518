using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;

namespace Brook.State.Tests.Rescaling;

/// <summary>Which part of a checkpoint each subtask of a rescaled vertex is given, against hand-computed key-group ranges.</summary>
public sealed class StateAssignmentOperationTests
{
    /// <summary>A source chained to nothing (rebalance) and a keyed map, both at <paramref name="parallelism"/>, max parallelism 128.</summary>
    private static JobGraph Job(int parallelism)
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(parallelism);
        env.FromSequence(1, 10).Rebalance().KeyBy(v => v % 5).Map(v => v).SinkTo(new ActionSink<long>(_ => { }));
        return JobGraph.FromStreamGraph(env.GetStreamGraph("assignment"));
    }

    private static CompletedCheckpoint Checkpoint(string operatorId, int parallelism, Func<int, OperatorSubtaskState> subtask) =>
        new(JobId.Generate(), 7, 0, 0, new Dictionary<string, OperatorState>
        {
            [operatorId] = new(operatorId, parallelism, 128, null, Enumerable.Range(0, parallelism).ToDictionary(i => i, subtask), new HashSet<int>()),
        }, null);

    [Fact]
    public void A_new_subtask_gets_the_keyed_snapshots_of_exactly_the_old_subtasks_whose_key_groups_overlap_its_own()
    {
        // Old parallelism 2: key groups 0..63 and 64..127. New parallelism 3: 0..42, 43..85, 86..127.
        var keyed = Job(3).Vertices.Single(v => !v.IsSource);
        var operatorId = keyed.OperatorIdsInChainOrder.First().Hex;
        var checkpoint = Checkpoint(operatorId, 2, i => new OperatorSubtaskState([(byte)i], null, null));

        var assigned = Enumerable.Range(0, 3)
            .Select(i => checkpoint.TaskRestoreFor(keyed, i)!.Operators[operatorId].KeyedStates.Select(b => (int)b[0]).ToArray())
            .ToList();

        Assert.Equal([0], assigned[0]);
        Assert.Equal([0, 1], assigned[1]);
        Assert.Equal([1], assigned[2]);
    }

    [Fact]
    public void Reader_splits_are_split_distributed_and_every_subtask_gets_all_operator_state_to_repartition()
    {
        // Old parallelism 3 with splits [a], [b, c], [d]; new parallelism 2: 4 splits in subtask order, two each.
        var source = Job(2).Vertices.Single(v => v.IsSource);
        var operatorId = source.OperatorIdsInChainOrder.First().Hex;
        string[][] splits = [["a"], ["b", "c"], ["d"]];
        var checkpoint = Checkpoint(operatorId, 3, i => new OperatorSubtaskState(null, [(byte)i],
            splits[i].Select(s => System.Text.Encoding.UTF8.GetBytes(s)).ToList()));

        var restores = Enumerable.Range(0, 2).Select(i => checkpoint.TaskRestoreFor(source, i)!.Operators[operatorId]).ToList();

        Assert.Equal(["a", "b"], restores[0].SourceSplits.Select(System.Text.Encoding.UTF8.GetString));
        Assert.Equal(["c", "d"], restores[1].SourceSplits.Select(System.Text.Encoding.UTF8.GetString));
        Assert.All(restores, r => Assert.Equal([0, 1, 2], r.OperatorStates.Select(b => (int)b[0])));
    }
}
