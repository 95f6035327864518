using System.Collections.Concurrent;
using System.Net;
using Brook.Streaming.Sinks;

namespace Brook.Cluster.Tests.Recovery;

/// <summary>A job that fails once and restarts, as the REST API shows it: attempts, exception history, status timestamps.</summary>
public sealed class RecoveryRestTests(RecoveryClusterFixture fixture) : IClassFixture<RecoveryClusterFixture>
{
    [Fact]
    public async Task A_restarted_job_shows_both_attempts_its_failure_and_its_restart()
    {
        var output = new ConcurrentQueue<(int Attempt, long Value)>();
        var jobId = fixture.Submit("restarts once", 2, env => env.FromSequence(1, 1000)
            .Map(new PoisonedOnFirstAttemptMap(700)).Name("Poisoned map")
            .Rebalance()
            .SinkTo(new ActionSink<long>(v => output.Enqueue((0, v)))));
        var final = await fixture.Cluster.Dispatcher.RequestJobResult(jobId)!.WaitAsync(RecoveryClusterFixture.Timeout);
        Assert.Equal(Core.States.JobStatus.FINISHED, final.Status);

        var job = await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
        Assert.Equal("FINISHED", (string?)job["state"]);
        var timestamps = job["timestamps"]!;
        Assert.True((long)timestamps["RESTARTING"]! > 0);
        Assert.True((long)timestamps["RUNNING"]! >= (long)timestamps["RESTARTING"]!);
        Assert.Equal(0, (long)timestamps["FAILED"]!);
        var vertex = job["vertices"]!.AsArray().Single(v => ((string)v!["name"]!).Contains("Poisoned map"))!;
        var vid = (string)vertex["id"]!;

        var subtask = 1;
        var current = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}/subtasks/{subtask}", "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex");
        Assert.Equal(1, (int)current["attempt"]!);
        Assert.Equal("FINISHED", (string?)current["status"]);
        var first = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}/subtasks/{subtask}/attempts/0",
            "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt");
        Assert.Equal(0, (int)first["attempt"]!);
        Assert.Equal("FAILED", (string?)first["status"]);
        Assert.True((long)first["end-time"]! > 0);
        var second = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}/subtasks/{subtask}/attempts/1",
            "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt");
        Assert.Equal(1, (int)second["attempt"]!);
        Assert.Equal("FINISHED", (string?)second["status"]);
        Assert.True((long)second["start-time"]! >= (long)first["end-time"]!);
        var other = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}/subtasks/0/attempts/0",
            "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt");
        Assert.Contains((string?)other["status"], new[] { "CANCELED", "FINISHED" });
        using var missing = await fixture.Http.GetAsync($"/jobs/{jobId}/vertices/{vid}/subtasks/{subtask}/attempts/2");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Attempt 2 not found in subtask", (string?)System.Text.Json.Nodes.JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["errors"]![0]);
        var accumulators = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}/subtasks/{subtask}/attempts/0/accumulators",
            "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt/accumulators");
        Assert.Equal(0, (int)accumulators["attempt"]!);

        var history = (await fixture.GetAsync($"/jobs/{jobId}/exceptions", "/jobs/:jobid/exceptions"))["exceptionHistory"]!;
        var entry = Assert.Single(history["entries"]!.AsArray())!;
        Assert.Equal("System.IO.InvalidDataException", (string?)entry["exceptionName"]);
        Assert.Contains("Record 700 is poisoned.", (string?)entry["stacktrace"]);
        Assert.Equal("Source: Sequence -> Poisoned map (2/2) - execution #0", (string?)entry["taskName"]);
        Assert.Equal((string?)first["endpoint"], (string?)entry["endpoint"]);
        Assert.Equal((string?)first["taskmanager-id"], (string?)entry["taskManagerId"]);
        Assert.InRange((long)entry["timestamp"]!, (long)timestamps["RESTARTING"]! - 1000, (long)timestamps["RESTARTING"]!);

        var config = await fixture.GetAsync($"/jobs/{jobId}/config", "/jobs/:jobid/config");
        Assert.Equal("Cluster level default restart strategy", (string?)config["execution-config"]!["restart-strategy"]);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), output.Select(o => o.Value).Distinct().Order());
    }
}
