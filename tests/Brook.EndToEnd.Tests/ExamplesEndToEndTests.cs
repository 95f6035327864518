using System.Net;
using System.Text.Json.Nodes;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>
/// Every example program, packaged by the build, submitted detached through /jars/:jarid/run as Flink's dashboard
/// does: each job runs (or has finished) and each program's entry point returns instead of waiting for its job.
/// RollingCount, the unbounded one, is stopped with a savepoint and resumed from it, as its comments show.
/// </summary>
public sealed class ExamplesEndToEndTests(JobsClusterFixture fixture) : IClassFixture<JobsClusterFixture>, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-examples-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("WordCount")]
    [InlineData("EventTimeWordCount")]
    [InlineData("StateMachine")]
    [InlineData("TopSpeedWindowing")]
    [InlineData("RollingCount")]
    public async Task Each_example_runs_detached_through_the_REST_API(string example)
    {
        var jar = await fixture.UploadPackageAsync(example + ".jar");
        var job = await fixture.RunAsync(jar, "{}");
        var details = await fixture.WaitForJobStatusAsync(job, "RUNNING", "FINISHED");
        Assert.Equal(example, (string?)details["name"]);
        var jars = fixture.Cluster.Jars;
        jars.RunningEntryPointsChanged += fixture.Progress.Pulse;
        try
        {
            // The program returned once its job was submitted: no entry point keeps a thread (and its package) after it.
            await fixture.Progress.UntilAsync(() => jars.RunningEntryPoints == 0, $"the entry point of {example} to return", TimeSpan.FromSeconds(30));
        }
        finally
        {
            jars.RunningEntryPointsChanged -= fixture.Progress.Pulse;
        }
        if ((string?)(await fixture.JobDetailsAsync(job))["state"] == "RUNNING")
        {
            // A bounded example may finish meanwhile: then the cancellation answers 409.
            var (status, _) = await fixture.SendJsonAsync(new HttpMethod("PATCH"), $"/jobs/{job}");
            Assert.Contains(status, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict });
            await fixture.WaitForJobStatusAsync(job, "CANCELED", "FINISHED");
        }
    }

    [Fact]
    public async Task RollingCount_is_stopped_with_a_savepoint_and_resumes_from_it()
    {
        var jar = await fixture.UploadPackageAsync("RollingCount.jar");
        var job = await fixture.RunAsync(jar, "{}");
        await fixture.WaitForAsync(() => fixture.JobDetailsAsync(job),
            j => j["vertices"]!.AsArray().All(v => (string?)v!["status"] == "RUNNING"), "every task to run");
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jobs/{job}/stop", $$"""{"targetDirectory":{{System.Text.Json.JsonSerializer.Serialize(_dir)}}}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        OpenApiValidator.Default.AssertMatches("POST", "/jobs/:jobid/stop", 202, body);
        var trigger = (string)JsonNode.Parse(body)!["request-id"]!;
        var savepoint = await fixture.WaitForAsync(() => fixture.GetJsonAsync($"/jobs/{job}/savepoints/{trigger}", "/jobs/:jobid/savepoints/:triggerid"),
            s => (string?)s["status"]!["id"] == "COMPLETED", "the stop-with-savepoint to complete");
        var location = (string?)savepoint["operation"]!["location"] ?? throw new Xunit.Sdk.XunitException(savepoint.ToJsonString());
        Assert.Equal("FINISHED", (string?)(await fixture.JobDetailsAsync(job))["state"]);

        var resumed = await fixture.RunAsync(jar, $$"""{"savepointPath":{{System.Text.Json.JsonSerializer.Serialize(location)}}}""");
        var stats = await fixture.WaitForAsync(() => fixture.GetJsonAsync($"/jobs/{resumed}/checkpoints", "/jobs/:jobid/checkpoints"),
            s => s["latest"]!["restored"] is not null, "the restore to show");
        Assert.True((bool)stats["latest"]!["restored"]!["is_savepoint"]!);
        Assert.Equal(1, (long)stats["counts"]!["restored"]!);
        await fixture.WaitForJobStatusAsync(resumed, "RUNNING");
        (status, _) = await fixture.SendJsonAsync(new HttpMethod("PATCH"), $"/jobs/{resumed}");
        Assert.Equal(HttpStatusCode.Accepted, status);
    }
}
