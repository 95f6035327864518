using System.Net;
using System.Text.Json.Nodes;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.TestSupport;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.Tests.Diagnostics;

/// <summary>A local cluster (2 TaskManagers × 2 slots) with flame graphs on and a short sampling round (20 samples 5 ms apart).</summary>
public sealed class DiagnosticsClusterFixture : LocalClusterFixture, IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    protected override void Configure(Configuration config) => config
        .Set(FlameGraphOptions.Enabled, true)
        .Set(FlameGraphOptions.NumSamples, 20)
        .Set(FlameGraphOptions.DelayBetweenSamples, TimeSpan.FromMilliseconds(5));

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var te in Cluster.TaskExecutors) te.ThreadInfoSampled += Progress.Pulse;
    }

    /// <summary>Submits the pipeline straight to the Dispatcher (its functions stay in this process).</summary>
    public JobId Submit(string name, int parallelism, Action<StreamExecutionEnvironment> build)
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(parallelism);
        build(env);
        var graph = JobGraphType.FromStreamGraph(env.GetStreamGraph(name));
        Cluster.Dispatcher.SubmitJob(graph);
        return graph.JobId;
    }

    public async Task<JsonNode> GetAsync(string url, string template) =>
        JsonNode.Parse(await SendAndValidateAsync(HttpMethod.Get, url, template, HttpStatusCode.OK))!;

    /// <summary>The job's only vertex (sources, maps and sinks chained into one task), its name and the TaskManager of subtask 0.</summary>
    public async Task<(string VertexId, string VertexName, string TaskManagerId)> SingleTaskAsync(JobId job)
    {
        var details = await GetAsync($"/jobs/{job}", "/jobs/:jobid");
        var vertex = details["vertices"]!.AsArray().Single()!;
        var vid = (string)vertex["id"]!;
        var subtask = await GetAsync($"/jobs/{job}/vertices/{vid}/subtasks/0", "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex");
        return (vid, (string)vertex["name"]!, (string)subtask["taskmanager-id"]!);
    }
}
