using System.Security.Cryptography;
using System.Text;
using Brook.Core.Configuration;
using Brook.Runtime.Network;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using JG = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Runtime.Tests;

public sealed class JobGraphTests
{
    private static StreamExecutionEnvironment Plan(int parallelism = 2) =>
        StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(parallelism);

    private static JG Build(StreamExecutionEnvironment env) => JG.FromStreamGraph(env.GetStreamGraph("plan"));

    [Fact]
    public void TheJobsMaxParallelismIsWhatWasConfiguredAndMinusOneWhenUnset()
    {
        var unset = Plan();
        unset.FromSequence(1, 10).Print();
        var configured = Plan().SetMaxParallelism(64);
        configured.FromSequence(1, 10).Print();

        var unsetGraph = Build(unset);
        var configuredGraph = Build(configured);

        Assert.Equal(-1, unsetGraph.ConfiguredMaxParallelism);
        Assert.Equal(128, unsetGraph.Vertices[0].MaxParallelism);
        Assert.Equal(64, configuredGraph.ConfiguredMaxParallelism);
        Assert.Equal(64, configuredGraph.Vertices[0].MaxParallelism);
    }

    [Theory]
    [InlineData(RuntimeExecutionMode.STREAMING, true, JobType.STREAMING)]
    [InlineData(RuntimeExecutionMode.BATCH, true, JobType.BATCH)]
    [InlineData(RuntimeExecutionMode.AUTOMATIC, true, JobType.BATCH)]
    [InlineData(RuntimeExecutionMode.AUTOMATIC, false, JobType.STREAMING)]
    [InlineData(RuntimeExecutionMode.STREAMING, false, JobType.STREAMING)]
    public void TheRuntimeModeResolvesAgainstTheSourcesBoundedness(RuntimeExecutionMode mode, bool bounded, JobType expected)
    {
        var env = Plan().SetRuntimeMode(mode);
        (bounded ? env.FromSequence(1, 10) : env.FromGenerator(i => i)).Print();

        Assert.Equal(expected, Build(env).JobType);
    }

    [Fact]
    public void BatchModeRefusesAnUnboundedSourceWithFlinksText()
    {
        var env = Plan();
        env.Configuration.SetRaw("execution.runtime-mode", "batch");
        env.FromSequence(1, 10).Union(env.FromGenerator(i => i)).Print();

        var e = Assert.Throws<InvalidOperationException>(() => env.GetStreamGraph());
        Assert.StartsWith("Detected an UNBOUNDED source with the 'execution.runtime-mode' set to 'BATCH'.", e.Message);
    }

    [Fact]
    public void ForwardEdgesOfEqualParallelismChainAndNameTheVertex()
    {
        var env = Plan();
        env.FromSequence(1, 10).Map(i => i + 1).Filter(i => i % 2 == 0).KeyBy(i => i % 3).Sum(i => i).Print();

        var graph = Build(env);

        Assert.Equal(["Source: Sequence -> Map -> Filter", "Keyed Aggregation -> Sink: Print to Std. Out"], graph.Vertices.Select(v => v.Name));
        var edge = Assert.Single(graph.Edges);
        Assert.Equal("HASH", edge.ShipStrategyName);
        Assert.Equal(2, graph.MaximumParallelism);
        Assert.Equal(3, graph.Vertices[0].OperatorIds.Count);
    }

    [Fact]
    public void ParallelismChangesRebalancesAndChainingControlsSplitChains()
    {
        var env = Plan();
        env.FromSequence(1, 10)
            .Map(i => i).SetParallelism(3)
            .Map(i => i).Name("Second").SetParallelism(3)
            .Rebalance().Filter(_ => true).SetParallelism(3)
            .Map(i => i).SetParallelism(3).StartNewChain()
            .Map(i => i).SetParallelism(3).DisableChaining()
            .Map(i => i).SetParallelism(3)
            .SinkTo(new ActionSink<long>(_ => { })).SetParallelism(3);

        var graph = Build(env);

        Assert.Equal(
            ["Source: Sequence", "Map -> Second", "Filter", "Map", "Map", "Map -> Sink: Action"],
            graph.Vertices.Select(v => v.Name));
        Assert.Equal(["REBALANCE", "REBALANCE", "FORWARD", "FORWARD", "FORWARD"], graph.Edges.Select(e => e.ShipStrategyName));
    }

    [Fact]
    public void ForkingChainsAndUnionsFollowFlinksRules()
    {
        var env = Plan();
        var source = env.FromSequence(1, 10).Map(i => i);
        source.Filter(i => i > 1).Print();
        source.Filter(i => i > 2).Print();
        var other = env.FromSequence(1, 5);
        source.Union(other).Map(i => i).Print();

        var graph = Build(env);

        Assert.Contains(graph.Vertices, v => v.Name == "Source: Sequence -> Map -> (Filter -> Sink: Print to Std. Out, Filter -> Sink: Print to Std. Out)");
        Assert.Contains(graph.Vertices, v => v.Name == "Source: Sequence");
        var union = Assert.Single(graph.Vertices, v => v.Name == "Map -> Sink: Print to Std. Out");
        Assert.Equal(2, union.Inputs.Count);
    }

    [Fact]
    public void DisablingChainingGivesOneVertexPerOperator()
    {
        var env = Plan();
        env.DisableOperatorChaining();
        env.FromSequence(1, 10).Map(i => i).Print();

        Assert.Equal(3, Build(env).Vertices.Count);
    }

    [Fact]
    public void ForwardWithDifferentParallelismIsRejected()
    {
        var env = Plan();
        env.FromSequence(1, 10).Forward().Map(i => i).SetParallelism(3).Print();

        var ex = Assert.Throws<InvalidOperationException>(() => env.GetStreamGraph());
        Assert.Contains("Forward partitioning does not allow change of parallelism", ex.Message);
    }

    [Fact]
    public void IdsAreDeterministicAndUidsFixOperatorIds()
    {
        static JG Program()
        {
            var env = Plan();
            env.FromSequence(1, 10).Map(i => i).Uid("my-map").Rebalance().Filter(i => i > 0).KeyBy(i => i).Reduce((a, b) => a + b).Print();
            return Build(env);
        }

        var a = Program();
        var b = Program();

        Assert.Equal(a.Vertices.Select(v => v.Id), b.Vertices.Select(v => v.Id));
        Assert.Equal(a.Vertices.SelectMany(v => v.OperatorIdsInChainOrder), b.Vertices.SelectMany(v => v.OperatorIdsInChainOrder));
        Assert.All(a.Vertices.SelectMany(v => v.OperatorIdsInChainOrder), id => Assert.Matches("^[0-9a-f]{32}$", id.Hex));
        Assert.Equal(a.Vertices.Count * 1, a.Vertices.Select(v => v.Id).Distinct().Count());
        var map = a.Vertices.SelectMany(v => v.ChainedNodes.Select(n => (n, v.OperatorIds[n.Id]))).Single(x => x.n.Uid == "my-map");
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("my-map"))), map.Item2.Hex);
        // A vertex is identified by its chain head.
        Assert.All(a.Vertices, v => Assert.Equal(v.OperatorIds[v.Head.Id].Hex, v.Id.Hex));
    }

    [Fact]
    public void AddingAnOperatorDownstreamChangesOnlyIdsThatDependOnIt()
    {
        var env1 = Plan();
        env1.FromSequence(1, 10).Rebalance().Map(i => i).Print();
        var env2 = Plan();
        env2.FromSequence(1, 10).Rebalance().Map(i => i).Print();
        env2.FromSequence(1, 3).Print();

        var first = Build(env1).Vertices[0].Id;
        var second = Build(env2).Vertices[0].Id;
        Assert.Equal(first, second);
    }

    [Fact]
    public void RescaleConnectsEachProducerToItsShareOfConsumers()
    {
        Assert.Equal((0, 2), RecordWriter<int>.PointwiseRange(0, 2, 4));
        Assert.Equal((2, 2), RecordWriter<int>.PointwiseRange(1, 2, 4));
        Assert.Equal((0, 1), RecordWriter<int>.PointwiseRange(1, 4, 2));
        Assert.Equal((1, 1), RecordWriter<int>.PointwiseRange(2, 4, 2));
    }
}
