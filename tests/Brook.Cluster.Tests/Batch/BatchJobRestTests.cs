using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sources;
using Brook.TestSupport;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Cluster.Tests.Batch;

/// <summary>A cluster whose configuration asks for periodic checkpoints every 50 ms.</summary>
public sealed class CheckpointingClusterFixture : LocalClusterFixture
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected override void Configure(Configuration config) => config.SetRaw("execution.checkpointing.interval", "50 ms");

    /// <summary>Submits a keyed sum over 1..2000 (10 keys) straight to the Dispatcher and waits until it ends.</summary>
    public async Task<JobId> RunKeyedSumAsync(RuntimeExecutionMode mode, ConcurrentQueue<(long Key, long Sum)> output)
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(2).SetRuntimeMode(mode);
        env.FromSequence(1, 2000).KeyBy(i => i % 10).Sum(i => i).SinkTo(new ActionSink<(long, long)>(output.Enqueue));
        var graph = JobGraphType.FromStreamGraph(env.GetStreamGraph(mode + " keyed sum"));
        Cluster.Dispatcher.SubmitJob(graph);
        var result = await Cluster.Dispatcher.RequestJobResult(graph.JobId)!.WaitAsync(Timeout);
        Assert.Equal(Core.States.JobStatus.FINISHED, result.Status);
        return graph.JobId;
    }

    /// <summary>Submits a rate-limited bounded keyed sum (about a minute of input) in BATCH without waiting for it.</summary>
    public JobId SubmitSlowBatchSum()
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(2).SetRuntimeMode(RuntimeExecutionMode.BATCH);
        env.FromSource(new DataGeneratorSource<long>(i => i, 120_000, 2_000), "Numbers", 1)
            .KeyBy(i => i % 10).Sum(i => i)
            .SinkTo(new ActionSink<(long, long)>(_ => { }));
        var graph = JobGraphType.FromStreamGraph(env.GetStreamGraph("slow batch sum"));
        Cluster.Dispatcher.SubmitJob(graph);
        return graph.JobId;
    }

    public async Task<System.Text.Json.Nodes.JsonNode> GetAsync(string url, string template) =>
        System.Text.Json.Nodes.JsonNode.Parse(await SendAndValidateAsync(HttpMethod.Get, url, template, System.Net.HttpStatusCode.OK))!;
}

/// <summary>A BATCH job as the REST API shows it: job-type BATCH, and no periodic checkpoints even though the cluster configures them.</summary>
public sealed class BatchJobRestTests(CheckpointingClusterFixture fixture) : IClassFixture<CheckpointingClusterFixture>
{
    [Fact]
    public async Task A_batch_job_says_BATCH_emits_final_sums_and_does_not_checkpoint()
    {
        var output = new ConcurrentQueue<(long Key, long Sum)>();
        var jobId = await fixture.RunKeyedSumAsync(RuntimeExecutionMode.BATCH, output);

        Assert.Equal(Enumerable.Range(1, 2000).GroupBy(i => (long)(i % 10)).Select(g => (g.Key, g.Sum(i => (long)i))).Order(), output.Order());
        var job = await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
        Assert.Equal("BATCH", (string?)job["job-type"]);
        Assert.Equal("FINISHED", (string?)job["state"]);
        Assert.Equal("BATCH", (string?)(await fixture.GetAsync($"/jobs/{jobId}/plan", "/jobs/:jobid/plan"))["plan"]!["type"]);
        // Flink disables checkpointing for BATCH jobs; the coordinator shows its disabled interval, Long.MAX_VALUE.
        var config = await fixture.GetAsync($"/jobs/{jobId}/checkpoints/config", "/jobs/:jobid/checkpoints/config");
        Assert.Equal(long.MaxValue, (long?)config["interval"]);
    }

    [Fact]
    public async Task The_same_job_in_streaming_says_STREAMING_and_checkpoints_at_the_cluster_interval()
    {
        var output = new ConcurrentQueue<(long Key, long Sum)>();
        var jobId = await fixture.RunKeyedSumAsync(RuntimeExecutionMode.STREAMING, output);

        Assert.Equal(2000, output.Count);
        Assert.Equal("STREAMING", (string?)(await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid"))["job-type"]);
        var config = await fixture.GetAsync($"/jobs/{jobId}/checkpoints/config", "/jobs/:jobid/checkpoints/config");
        Assert.Equal(50L, (long?)config["interval"]);
    }

    [Fact]
    public async Task A_manual_checkpoint_of_a_batch_job_running_stage_by_stage_fails_as_not_all_tasks_run()
    {
        var jobId = fixture.SubmitSlowBatchSum();
        await fixture.Progress.UntilAsync(async () =>
            {
                var job = await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
                // Stage by stage: the source runs while the keyed stage behind its blocking exchange waits, not deployed.
                var vertices = job["vertices"]!.AsArray();
                return (string?)job["state"] == "RUNNING" && (string?)vertices[0]!["status"] == "RUNNING" && (string?)vertices[1]!["status"] == "CREATED";
            }, "the batch job runs its first stage", CheckpointingClusterFixture.Timeout);

        using var trigger = await fixture.Http.PostAsync($"/jobs/{jobId}/checkpoints", null);
        var body = await trigger.Content.ReadAsStringAsync();
        Assert.True(trigger.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        OpenApiValidator.Default.AssertMatches("POST", "/jobs/:jobid/checkpoints", 202, body);
        var triggerId = (string)System.Text.Json.Nodes.JsonNode.Parse(body)!["request-id"]!;
        System.Text.Json.Nodes.JsonNode? status = null;
        await fixture.Progress.UntilAsync(async () =>
                (string?)(status = await fixture.GetAsync($"/jobs/{jobId}/checkpoints/{triggerId}", "/jobs/:jobid/checkpoints/:triggerid"))["status"]!["id"] == "COMPLETED",
            "the checkpoint trigger completed", CheckpointingClusterFixture.Timeout);

        // Flink's answer for a job whose tasks are not all deployed (NOT_ALL_REQUIRED_TASKS_RUNNING).
        Assert.Contains("Not all required tasks are currently running.", status!["operation"]!["failureCause"]!.ToJsonString());
        fixture.Cluster.Dispatcher.CancelJob(jobId);
        await fixture.Cluster.Dispatcher.RequestJobResult(jobId)!.WaitAsync(CheckpointingClusterFixture.Timeout);
    }
}
