using Brook.Runtime.JobGraph;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using JG = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Runtime.Tests;

/// <summary>The parallelism a rescale gives each vertex, and the job graph rebuilt at it.</summary>
public sealed class VertexParallelismTests
{
    /// <summary>Source → (forward, not chained) map with max parallelism 3 → (hash) keyed map with max parallelism 128 → sink.</summary>
    private static JG Job()
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(2).DisableOperatorChaining();
        env.FromSequence(1, 10).Name("Source")
            .Forward().Map(v => v).Name("Capped").SetMaxParallelism(3)
            .KeyBy(v => v % 5).Map(v => v).Name("Keyed")
            .SinkTo(new ActionSink<long>(_ => { })).Name("Sink");
        return JG.FromStreamGraph(env.GetStreamGraph("rescale"), package: new JobPackageReference(new string('a', 64), "Rescale", [], 2));
    }

    private static int ParallelismOf(JG graph, IReadOnlyDictionary<Core.Ids.JobVertexId, int> parallelism, string name) =>
        parallelism[graph.Vertices.Single(v => v.Name.Contains(name, StringComparison.Ordinal)).Id];

    [Fact]
    public void Every_vertex_takes_the_new_parallelism_capped_by_its_max_and_forward_exchanges_keep_both_ends_equal()
    {
        var graph = Job();
        var parallelism = VertexParallelism.Uniform(graph, 8);

        Assert.Equal(3, ParallelismOf(graph, parallelism, "Capped"));
        // Forward-connected to the capped map: subtask i feeds subtask i only, so the source follows it down.
        Assert.Equal(3, ParallelismOf(graph, parallelism, "Source"));
        Assert.Equal(8, ParallelismOf(graph, parallelism, "Keyed"));
    }

    [Fact]
    public void The_rebuilt_graph_keeps_ids_results_and_input_order_at_the_new_parallelism()
    {
        var graph = Job();
        var rescaled = VertexParallelism.Apply(graph, VertexParallelism.Uniform(graph, 3));

        Assert.Equal(graph.Vertices.Select(v => v.Id), rescaled.Vertices.Select(v => v.Id));
        Assert.All(rescaled.Vertices, v => Assert.Equal(3, v.Parallelism));
        Assert.Equal(graph.Edges.Select(e => (e.Source.Id, e.Target.Id, e.ResultId)), rescaled.Edges.Select(e => (e.Source.Id, e.Target.Id, e.ResultId)));
        Assert.Equal(graph.Vertices.SelectMany(v => v.Inputs.Select(i => i.ResultId)), rescaled.Vertices.SelectMany(v => v.Inputs.Select(i => i.ResultId)));
        Assert.All(graph.Vertices, v => Assert.Equal(2, v.Parallelism));
        Assert.True(VertexParallelism.IsUnchanged(rescaled, VertexParallelism.Uniform(rescaled, 3)));
        // TaskManager processes rebuild a rescaled job from the same package.
        Assert.Same(graph.Package, rescaled.Package);
    }
}
