using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.TestSupport;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.Tests.Recovery;

/// <summary>A local cluster (2 TaskManagers × 2 slots) whose jobs restart once, at once, after a failure.</summary>
public class RecoveryClusterFixture : LocalClusterFixture
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected override void Configure(Configuration config) => config
        .SetRaw("restart-strategy.type", "fixed-delay")
        .SetRaw("restart-strategy.fixed-delay.attempts", "1")
        .SetRaw("restart-strategy.fixed-delay.delay", "0 ms");

    /// <summary>Submits the pipeline the action builds straight to the Dispatcher (its functions stay in this process).</summary>
    public JobId Submit(string name, int parallelism, Action<StreamExecutionEnvironment> build)
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(parallelism);
        build(env);
        var graph = JobGraphType.FromStreamGraph(env.GetStreamGraph(name));
        Cluster.Dispatcher.SubmitJob(graph);
        return graph.JobId;
    }

    public async Task<System.Text.Json.Nodes.JsonNode> GetAsync(string url, string template) =>
        System.Text.Json.Nodes.JsonNode.Parse(await SendAndValidateAsync(HttpMethod.Get, url, template, System.Net.HttpStatusCode.OK))!;
}
