using Brook.Streaming.Sinks;

namespace Brook.Cluster.Tests.Recovery;

/// <summary>A TaskExecutor stopped in the local cluster: its job restarts on the other TaskExecutor's slots.</summary>
public sealed class TaskExecutorLossRestTests(RecoveryClusterFixture fixture) : IClassFixture<RecoveryClusterFixture>
{
    [Fact]
    public async Task The_job_restarts_on_the_remaining_taskmanager_and_the_exceptions_name_the_lost_one()
    {
        long records = 0;
        var jobId = fixture.Submit("survives a TaskManager", 2, env => env.FromGenerator(i => i).Rebalance().SinkTo(new ActionSink<long>(_ =>
        {
            if (Interlocked.Increment(ref records) % 1000 == 0) fixture.Progress.Pulse();
        })));
        await fixture.Progress.UntilAsync(() => Volatile.Read(ref records) > 2000, "records flow", RecoveryClusterFixture.Timeout);
        var job = await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
        var vid = (string)job["vertices"]![0]!["id"]!;
        var placed = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}/subtasks/1", "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex");
        var stoppedId = (string)placed["taskmanager-id"]!;
        var stopped = fixture.Cluster.TaskExecutors.Single(t => t.Id.Hex == stoppedId);
        var survivor = fixture.Cluster.TaskExecutors.Single(t => t.Id != stopped.Id);

        await stopped.DisposeAsync();
        var before = Volatile.Read(ref records);
        await fixture.Progress.UntilAsync(async () =>
        {
            var details = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}", "/jobs/:jobid/vertices/:vertexid");
            return details["subtasks"]!.AsArray().All(s => (int)s!["attempt"]! == 1 && (string?)s["status"] == "RUNNING")
                   && Volatile.Read(ref records) > before + 2000;
        }, "the new attempts run", RecoveryClusterFixture.Timeout);

        var vertex = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}", "/jobs/:jobid/vertices/:vertexid");
        Assert.All(vertex["subtasks"]!.AsArray(), s => Assert.Equal(survivor.Id.Hex, (string?)s!["taskmanager-id"]));
        var lostAttempt = await fixture.GetAsync($"/jobs/{jobId}/vertices/{vid}/subtasks/1/attempts/0",
            "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt");
        Assert.Equal(stoppedId, (string?)lostAttempt["taskmanager-id"]);
        Assert.Contains((string?)lostAttempt["status"], new[] { "FAILED", "CANCELED" });
        var entry = Assert.Single((await fixture.GetAsync($"/jobs/{jobId}/exceptions", "/jobs/:jobid/exceptions"))["exceptionHistory"]!["entries"]!.AsArray())!;
        Assert.Contains($"TaskManager {stoppedId} was lost", (string?)entry["stacktrace"]);
        Assert.Equal(stoppedId, (string?)entry["taskManagerId"]);
        Assert.Equal(stopped.Address, (string?)entry["endpoint"]);
        Assert.Equal("RUNNING", (string?)(await fixture.GetAsync($"/jobs/{jobId}", "/jobs/:jobid"))["state"]);

        fixture.Cluster.Dispatcher.CancelJob(jobId);
        var final = await fixture.Cluster.Dispatcher.RequestJobResult(jobId)!.WaitAsync(RecoveryClusterFixture.Timeout);
        Assert.Equal(Core.States.JobStatus.CANCELED, final.Status);
    }
}
