using System.Net;
using System.Text.Json.Nodes;
using Brook.Core.Configuration;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>The REST job views show stage-by-stage scheduling: a batch job's consumer vertex is CREATED while its producers run.</summary>
public sealed class BatchSchedulingEndToEndTests(JobsClusterFixture fixture) : IClassFixture<JobsClusterFixture>
{
    [Fact]
    public async Task A_consumer_stage_is_created_while_its_producers_run_and_runs_after_them()
    {
        using var gate = new ManualResetEventSlim(false);
        var produced = 0L;
        var count = 0L;
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(2).SetRuntimeMode(RuntimeExecutionMode.BATCH);
        env.FromSequence(1, 1000)
            .Map(x =>
            {
                if (Interlocked.Increment(ref produced) == 2) fixture.Progress.Pulse();
                gate.Wait();
                return x;
            }).Name("Producer")
            .Rebalance()
            .Map(x => x).Name("Consumer")
            .SinkTo(new ActionSink<long>(_ => Interlocked.Increment(ref count)));
        var jobGraph = Runtime.JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("two stages"));
        fixture.Cluster.Dispatcher.SubmitJob(jobGraph);
        var job = jobGraph.JobId.Hex;
        try
        {
            await fixture.Progress.UntilAsync(() => Interlocked.Read(ref produced) >= 2, "the producers run", TimeSpan.FromSeconds(30));
            var details = await fixture.JobDetailsAsync(job);
            var vertices = details["vertices"]!.AsArray();
            JsonNode Vertex(string name) => vertices.Single(v => ((string)v!["name"]!).Contains(name, StringComparison.Ordinal))!;
            Assert.Equal("RUNNING", (string?)Vertex("Producer")["status"]);
            Assert.Equal("CREATED", (string?)Vertex("Consumer")["status"]);
            var consumerId = (string)Vertex("Consumer")["id"]!;
            var subtasks = await fixture.GetJsonAsync($"/jobs/{job}/vertices/{consumerId}", "/jobs/:jobid/vertices/:vertexid");
            Assert.All(subtasks["subtasks"]!.AsArray(), s => Assert.Equal("CREATED", (string?)s!["status"]));
        }
        finally
        {
            gate.Set();
        }
        await fixture.WaitForJobStatusAsync(job, "FINISHED");
        Assert.Equal(1000, Interlocked.Read(ref count));
    }
}
