using System.Net;
using System.Text.Json.Nodes;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>
/// Savepoints through the REST API, as Flink's clients and Kubernetes operator drive them, on jobs run from an
/// uploaded package: trigger and status (idempotent trigger ids), the statistics, stop-with-savepoint, restore
/// through /jars/:jarid/run with allowNonRestoredState both ways, disposal, and every error answer Flink gives.
/// Every body is held against the OpenAPI schema.
/// </summary>
public sealed class SavepointEndToEndTests(JobsClusterFixture fixture) : IClassFixture<JobsClusterFixture>, IDisposable
{
    private const string FourVertices = "Brook.TestJobs.FourVertices";
    private const string EventTimeWindows = "Brook.TestJobs.EventTimeWindows";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-savepoints-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_savepoint_is_taken_once_per_trigger_id_and_shows_in_the_statistics()
    {
        var jar = await fixture.UploadPackageAsync("Brook.TestJobs.jar");
        var job = await RunAsync(jar, FourVertices, "500");
        var triggerId = new string('a', 32);
        var body = $$"""{"target-directory":{{Json(_dir)}},"triggerId":"{{triggerId}}","formatType":"CANONICAL"}""";
        Assert.Equal(triggerId, await TriggerAsync($"/jobs/{job}/savepoints", "/jobs/:jobid/savepoints", body));
        // A retry with the same trigger id starts nothing new and answers the same id.
        Assert.Equal(triggerId, await TriggerAsync($"/jobs/{job}/savepoints", "/jobs/:jobid/savepoints", body));

        var location = await SavepointLocationAsync(job, triggerId);
        Assert.StartsWith("file:" + Path.Combine(_dir, "savepoint-" + job[..6] + "-"), location);
        Assert.True(File.Exists(Path.Combine(location["file:".Length..], "_metadata")));
        Assert.Single(Directory.GetDirectories(_dir));

        var stats = await fixture.GetJsonAsync($"/jobs/{job}/checkpoints", "/jobs/:jobid/checkpoints");
        var savepoint = stats["latest"]!["savepoint"]!;
        Assert.True((bool)savepoint["is_savepoint"]!);
        Assert.Equal("CANONICAL", (string?)savepoint["savepointFormat"]);
        Assert.Equal("SAVEPOINT", (string?)savepoint["checkpoint_type"]);
        Assert.Equal(location["file:".Length..], (string?)savepoint["external_path"]);
        Assert.Single(stats["history"]!.AsArray(), c => (bool)c!["is_savepoint"]!);
        Assert.True((bool)(await fixture.JobDetailsAsync(job))["isStoppable"]!);
        await CancelAsync(job);
    }

    [Fact]
    public async Task Stop_with_savepoint_finishes_the_job_and_the_run_resumes_from_it_with_allowNonRestoredState_both_ways()
    {
        var jar = await fixture.UploadPackageAsync("Brook.TestJobs.jar");
        var job = await RunAsync(jar, FourVertices, "500");
        var trigger = await TriggerAsync($"/jobs/{job}/stop", "/jobs/:jobid/stop", $$"""{"targetDirectory":{{Json(_dir)}},"drain":false}""");
        var location = await SavepointLocationAsync(job, trigger);
        await fixture.WaitForJobStatusAsync(job, "FINISHED");

        // The same program resumes: its operators map to the savepoint's state; the path given as a query parameter and as its _metadata file.
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post,
            $"/jars/{jar}/run?savepointPath={Uri.EscapeDataString(location + "/_metadata")}", $$"""{"entryClass":"{{FourVertices}}","programArgsList":["500"],"restoreMode":"NO_CLAIM"}""");
        Assert.True(status == HttpStatusCode.OK, body);
        var resumed = (string)JsonNode.Parse(body)!["jobid"]!;
        var restored = (await fixture.WaitForAsync(() => fixture.GetJsonAsync($"/jobs/{resumed}/checkpoints", "/jobs/:jobid/checkpoints"),
            s => s["latest"]!["restored"] is not null, "the restore to show"))["latest"]!["restored"]!;
        Assert.True((bool)restored["is_savepoint"]!);
        Assert.Equal(location["file:".Length..], (string?)restored["external_path"]);
        await CancelAsync(resumed);

        // Another program has none of those operators: refused with Flink's text unless allowNonRestoredState.
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jar}/run", $$"""{"entryClass":"{{EventTimeWindows}}","savepointPath":{{Json(location)}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"Failed to rollback to checkpoint/savepoint {location["file:".Length..]}. Cannot map checkpoint/savepoint state for operator ",
            JobsClusterFixture.Errors(body));
        Assert.Contains("If you want to allow to skip this, you can set the --allowNonRestoredState option on the CLI.", JobsClusterFixture.Errors(body));
        var allowed = await fixture.RunAsync(jar, $$"""{"entryClass":"{{EventTimeWindows}}","savepointPath":{{Json(location)}},"allowNonRestoredState":true}""");
        await fixture.WaitForJobStatusAsync(allowed, "FINISHED");
        // The savepoint is the user's: neither job deleted it.
        Assert.True(File.Exists(Path.Combine(location["file:".Length..], "_metadata")));
    }

    [Fact]
    public async Task Errors_are_answered_as_Flink_answers_them()
    {
        var jar = await fixture.UploadPackageAsync("Brook.TestJobs.jar");
        var job = await RunAsync(jar, FourVertices, "100");
        Assert.Contains("Config key [execution.checkpointing.savepoint-dir] is not set. Property [target-directory] must be provided.",
            await ErrorAsync(HttpMethod.Post, $"/jobs/{job}/savepoints", "{}", HttpStatusCode.BadRequest));
        Assert.Contains("Config key [execution.checkpointing.savepoint-dir] is not set. Property [targetDirectory] must be provided.",
            await ErrorAsync(HttpMethod.Post, $"/jobs/{job}/stop", """{"drain":true}""", HttpStatusCode.BadRequest));
        Assert.Contains("Request did not match expected format SavepointTriggerRequestBody.",
            await ErrorAsync(HttpMethod.Post, $"/jobs/{job}/savepoints", $$"""{"target-directory":{{Json(_dir)}},"formatType":"OTHER"}""", HttpStatusCode.BadRequest));
        var unknownTrigger = new string('c', 32);
        Assert.Contains($"There is no savepoint operation with triggerId={unknownTrigger} for job {job}.",
            await ErrorAsync(HttpMethod.Get, $"/jobs/{job}/savepoints/{unknownTrigger}", null, HttpStatusCode.NotFound));
        Assert.Contains($"Operation not found under key: OperationKey{{triggerId={unknownTrigger}}}",
            await ErrorAsync(HttpMethod.Get, $"/savepoint-disposal/{unknownTrigger}", null, HttpStatusCode.NotFound));

        // As in Flink the trigger of an unknown job is accepted; its status completes with the failure.
        var unknownJob = new string('d', 32);
        var trigger = await TriggerAsync($"/jobs/{unknownJob}/savepoints", "/jobs/:jobid/savepoints", $$"""{"target-directory":{{Json(_dir)}}}""");
        var failure = await SavepointStatusAsync(unknownJob, trigger);
        Assert.Contains("FlinkJobNotFoundException", (string?)failure["operation"]!["failure-cause"]!["class"]);
        await CancelAsync(job);
        await fixture.WaitForJobStatusAsync(job, "CANCELED");
        trigger = await TriggerAsync($"/jobs/{job}/stop", "/jobs/:jobid/stop", $$"""{"targetDirectory":{{Json(_dir)}}}""");
        Assert.NotNull((await SavepointStatusAsync(job, trigger))["operation"]!["failure-cause"]);

        // A missing or corrupt path fails the run with a 400, never a hung job.
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jar}/run", $$"""{"entryClass":"{{FourVertices}}","savepointPath":{{Json(Path.Combine(_dir, "missing"))}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Cannot find checkpoint or savepoint", JobsClusterFixture.Errors(body));
        var corrupt = Directory.CreateDirectory(Path.Combine(_dir, "corrupt")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corrupt, "_metadata"), "not a savepoint");
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jar}/run", $$"""{"entryClass":"{{FourVertices}}","savepointPath":{{Json(corrupt)}}}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("is truncated", JobsClusterFixture.Errors(body));
    }

    [Fact]
    public async Task Disposal_deletes_a_savepoint_and_nothing_else()
    {
        var jar = await fixture.UploadPackageAsync("Brook.TestJobs.jar");
        var job = await RunAsync(jar, FourVertices, "100");
        var trigger = await TriggerAsync($"/jobs/{job}/savepoints", "/jobs/:jobid/savepoints", $$"""{"target-directory":{{Json(_dir)}},"cancel-job":true}""");
        var location = await SavepointLocationAsync(job, trigger);
        await fixture.WaitForJobStatusAsync(job, "CANCELED");
        var savepointDir = location["file:".Length..];

        var plain = Directory.CreateDirectory(Path.Combine(_dir, "plain")).FullName;
        await File.WriteAllTextAsync(Path.Combine(plain, "keep.txt"), "a user's file");
        Assert.Contains("holds no savepoint", await DisposalFailureAsync(plain));
        Assert.True(File.Exists(Path.Combine(plain, "keep.txt")));
        Assert.Contains("holds no savepoint", await DisposalFailureAsync("/"));
        Assert.Contains("does not exist", await DisposalFailureAsync(Path.Combine(_dir, "missing")));

        Assert.Null((await DisposeAsync(Path.Combine(savepointDir, "_metadata")))["operation"]!["failure-cause"]);
        Assert.False(Directory.Exists(savepointDir));
        Assert.True(Directory.Exists(plain));
    }

    [Fact]
    public async Task Brook_savepoint_stop_run_from_savepoint_and_dispose_drive_the_cluster()
    {
        var address = $"{fixture.Cluster.RestAddress.Host}:{fixture.Cluster.RestAddress.Port}";
        var client = new Brook.Client.BrookRestClient(fixture.Http);
        var before = (await client.GetJobsOverviewAsync()).Jobs.Select(j => j.JobId).ToHashSet();
        Assert.Equal(0, await Cli.BrookCommand.RunAsync(["run", JobsClusterFixture.Package("Brook.TestJobs.jar"), "-p", "2", "-c", FourVertices, "-m", address, "--", "200"]));
        var job = (await client.GetJobsOverviewAsync()).Jobs.Single(j => !before.Contains(j.JobId)).JobId;
        await fixture.WaitForAsync(() => fixture.JobDetailsAsync(job),
            j => j["vertices"]!.AsArray().All(v => (string?)v!["status"] == "RUNNING"), "every task to run");

        var savepoints = Path.Combine(_dir, "cli");
        Assert.Equal(0, await Cli.BrookCommand.RunAsync(["savepoint", job, savepoints, "-m", address]));
        var taken = Assert.Single(Directory.GetDirectories(savepoints));
        Assert.Equal(0, await Cli.BrookCommand.RunAsync(["stop", "--savepointPath", savepoints, job, "-m", address]));
        Assert.Equal("FINISHED", (string?)(await fixture.JobDetailsAsync(job))["state"]);
        var stopped = Assert.Single(Directory.GetDirectories(savepoints), d => d != taken);

        before = (await client.GetJobsOverviewAsync()).Jobs.Select(j => j.JobId).ToHashSet();
        Assert.Equal(0, await Cli.BrookCommand.RunAsync(["run", "-s", stopped, "-n", JobsClusterFixture.Package("Brook.TestJobs.jar"), "-p", "2", "-c", FourVertices,
            "-m", address, "--", "200"]));
        var resumed = (await client.GetJobsOverviewAsync()).Jobs.Single(j => !before.Contains(j.JobId)).JobId;
        var restored = (await fixture.WaitForAsync(() => fixture.GetJsonAsync($"/jobs/{resumed}/checkpoints", "/jobs/:jobid/checkpoints"),
            s => s["latest"]!["restored"] is not null, "the restore to show"))["latest"]!["restored"]!;
        Assert.Equal(stopped, (string?)restored["external_path"]);
        Assert.Equal(0, await Cli.BrookCommand.RunAsync(["stop", "--drain", "-p", savepoints, resumed, "-m", address]));

        Assert.Equal(0, await Cli.BrookCommand.RunAsync(["savepoint", "--dispose", taken, "-m", address]));
        Assert.False(Directory.Exists(taken));
        // Not a savepoint: the command fails and deletes nothing.
        Assert.Equal(1, await Cli.BrookCommand.RunAsync(["savepoint", "-d", _dir, "-m", address]));
        Assert.True(Directory.Exists(stopped));
        Assert.Equal(1, await Cli.BrookCommand.RunAsync(["savepoint", "not-a-job", "-m", address]));
    }

    private async Task<string> RunAsync(string jar, string entryClass, string rate)
    {
        var job = await fixture.RunAsync(jar, $$"""{"entryClass":"{{entryClass}}","programArgsList":["{{rate}}"],"parallelism":2}""");
        await fixture.WaitForAsync(() => fixture.JobDetailsAsync(job),
            j => (string?)j["state"] == "RUNNING" && j["vertices"]!.AsArray().All(v => (string?)v!["status"] == "RUNNING"), "every task to run");
        return job;
    }

    private async Task<string> TriggerAsync(string url, string template, string body)
    {
        var (status, json) = await fixture.SendJsonAsync(HttpMethod.Post, url, body);
        Assert.True(status == HttpStatusCode.Accepted, $"{url}: {(int)status} {json}");
        OpenApiValidator.Default.AssertMatches("POST", template, 202, json);
        return (string)JsonNode.Parse(json)!["request-id"]!;
    }

    private Task<JsonNode> SavepointStatusAsync(string job, string trigger) =>
        fixture.WaitForAsync(() => fixture.GetJsonAsync($"/jobs/{job}/savepoints/{trigger}", "/jobs/:jobid/savepoints/:triggerid"),
            s => (string?)s["status"]!["id"] == "COMPLETED", $"savepoint {trigger} to complete");

    private async Task<string> SavepointLocationAsync(string job, string trigger)
    {
        var status = await SavepointStatusAsync(job, trigger);
        return (string?)status["operation"]!["location"] ?? throw new Xunit.Sdk.XunitException($"The savepoint failed: {status.ToJsonString()}");
    }

    private async Task<JsonNode> DisposeAsync(string path)
    {
        var (status, json) = await fixture.SendJsonAsync(HttpMethod.Post, "/savepoint-disposal", $$"""{"savepoint-path":{{Json(path)}}}""");
        Assert.True(status == HttpStatusCode.OK, json);
        OpenApiValidator.Default.AssertMatches("POST", "/savepoint-disposal", 200, json);
        var trigger = (string)JsonNode.Parse(json)!["request-id"]!;
        return await fixture.WaitForAsync(() => fixture.GetJsonAsync($"/savepoint-disposal/{trigger}", "/savepoint-disposal/:triggerid"),
            s => (string?)s["status"]!["id"] == "COMPLETED", $"disposal {trigger} to complete");
    }

    private async Task<string> DisposalFailureAsync(string path)
    {
        var cause = (await DisposeAsync(path))["operation"]!["failure-cause"];
        Assert.NotNull(cause);
        return (string)cause["stack-trace"]!;
    }

    private async Task<string> ErrorAsync(HttpMethod method, string url, string? body, HttpStatusCode expected)
    {
        var (status, json) = await fixture.SendJsonAsync(method, url, body);
        Assert.True(status == expected, $"{url}: {(int)status} {json}");
        return (string)JsonNode.Parse(json)!["errors"]![0]!;
    }

    private async Task CancelAsync(string job)
    {
        var (status, _) = await fixture.SendJsonAsync(new HttpMethod("PATCH"), $"/jobs/{job}");
        Assert.Equal(HttpStatusCode.Accepted, status);
    }

    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
