using System.Net;
using System.Text.Json.Nodes;

namespace Brook.Cluster.Tests.Rescaling;

/// <summary>
/// Reactive mode: a job runs at the parallelism the cluster's slots allow; a TaskManager joining scales it up, one
/// leaving scales it down (redeployed from its latest checkpoint instead of waiting for the lost slots), and the
/// committed output stays exactly-once. Its parallelism is not the user's to set.
/// </summary>
public sealed class ReactiveModeTests(ReactiveClusterFixture fixture) : IClassFixture<ReactiveClusterFixture>
{
    private static readonly TimeSpan Timeout = RescalingClusterFixture.Timeout;

    [Fact]
    public async Task TaskManagers_joining_and_leaving_scale_a_reactive_job_up_and_down_with_exactly_once_output()
    {
        // 6 s of input: room for a scale-up and a scale-down with records flowing after each, on a loaded machine too.
        var job = new CountingJob(Path.Combine(fixture.OutputRoot, "reactive"), 24_000);
        var id = job.Submit(fixture, "reactive", 4, 4_000, fixture.Progress);
        await fixture.Progress.UntilAsync(() => job.Seen >= 1_000, "records flowed", Timeout);

        var joined = fixture.Cluster.AddTaskExecutor();
        await fixture.Progress.UntilAsync(async () => (await fixture.VertexParallelismAsync(id)).Values.All(p => p == 6) && await fixture.JobStatusAsync(id) == "RUNNING",
            "the job scaled up onto the new TaskManager's slots", Timeout);
        var seen = job.Seen;
        await fixture.Progress.UntilAsync(() => job.Seen >= seen + 1_000, "records flowed at parallelism 6", Timeout);

        await joined.DisposeAsync();
        await fixture.Progress.UntilAsync(async () => (await fixture.VertexParallelismAsync(id)).Values.All(p => p == 4), "the job scaled down to the slots left", Timeout);

        var vertices = (await fixture.GetAsync($"/jobs/{id}", "/jobs/:jobid"))["vertices"]!.AsArray().Select(v => (string)v!["id"]!);
        var body = new JsonObject(vertices.Select(v => KeyValuePair.Create(v, JsonNode.Parse("{\"parallelism\":{\"lowerBound\":1,\"upperBound\":2}}")))).ToJsonString();
        Assert.Contains("Cannot change the parallelism of a job running in reactive mode.",
            (await fixture.ErrorAsync(HttpMethod.Put, $"/jobs/{id}/resource-requirements", HttpStatusCode.InternalServerError, body))[1]!.ToString());
        Assert.False((bool)(await fixture.GetAsync("/config", "/config"))["features"]!["web-rescale"]!);
        var patched = await fixture.RescaleCompletedAsync(id, await fixture.RescaleAsync(id, 2));
        Assert.Contains("Cannot change the parallelism of a job running in reactive mode.", (string)patched["failure-cause"]!["stack-trace"]!);

        await fixture.Progress.UntilAsync(async () => await fixture.JobStatusAsync(id) == "FINISHED", "the job finished", Timeout);
        var committed = job.Committed();
        var expected = job.Expected();
        var lost = CountingJob.Subtract(expected, committed);
        var duplicated = CountingJob.Subtract(committed, expected);
        Assert.True(lost.Count == 0 && duplicated.Count == 0,
            $"lost {lost.Count} [{string.Join(" ", lost.Take(10))}], duplicated {duplicated.Count} [{string.Join(" ", duplicated.Take(10))}]");
    }
}
