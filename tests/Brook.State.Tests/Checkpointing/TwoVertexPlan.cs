using Brook.Runtime.JobGraph;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;

namespace Brook.State.Tests.Checkpointing;

/// <summary>The smallest graph with a keyed exchange: a source vertex and a keyed map vertex, each at parallelism 1.</summary>
internal static class TwoVertexPlan
{
    public static (JobVertex Source, JobVertex Map) Create()
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(1);
        env.FromSequence(1, 10).KeyBy(v => v % 2).Map(v => v + 1).SinkTo(new ActionSink<long>(_ => { }, "Discard"));
        var graph = JobGraph.FromStreamGraph(env.GetStreamGraph("two vertices"));
        return (graph.Vertices.Single(v => v.Inputs.Count == 0), graph.Vertices.Single(v => v.Inputs.Count > 0));
    }
}
