using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>Jobs through REST against a running local cluster: packages, runs, every job view, cancellation, failures.</summary>
public sealed class JobsEndToEndTests(JobsClusterFixture fixture) : IClassFixture<JobsClusterFixture>
{
    private const string TestJobs = "Brook.TestJobs.jar";

    private Task<JsonNode> Get(string url, string template) => fixture.GetJsonAsync(url, template);

    [Fact]
    public async Task A_package_is_uploaded_listed_planned_run_watched_and_cancelled()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var jars = await Get("/jars", "/jars");
        Assert.StartsWith("http://", (string?)jars["address"]);
        var jar = jars["files"]!.AsArray().Single(f => (string?)f!["id"] == jarId)!;
        Assert.Equal(TestJobs, (string?)jar["name"]);
        Assert.Contains(jar["entry"]!.AsArray(), e => (string?)e!["name"] == "Brook.TestJobs.FourVertices");

        const string request = """{"entryClass":"Brook.TestJobs.FourVertices","parallelism":2,"programArgsList":["2000"]}""";
        var (planStatus, planBody) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/plan", request);
        Assert.True(planStatus == HttpStatusCode.OK, planBody);
        OpenApiValidator.Default.AssertMatches("POST", "/jars/{jarid}/plan", 200, planBody);
        var nodes = JsonNode.Parse(planBody)!["plan"]!["nodes"]!.AsArray();
        Assert.Equal(4, nodes.Count);
        Assert.All(nodes, n => Assert.Equal(2, (int?)n!["parallelism"]));
        Assert.Empty(nodes[0]!["inputs"]!.AsArray());
        Assert.All(nodes, n => Assert.Equal("{}", (string?)n!["optimizer_properties"]));
        Assert.All(nodes.Skip(1), n => Assert.Equal("REBALANCE", (string?)n!["inputs"]![0]!["ship_strategy"]));
        var (getPlanStatus, getPlanBody) = await fixture.SendJsonAsync(HttpMethod.Get,
            $"/jars/{jarId}/plan?entry-class=Brook.TestJobs.FourVertices&parallelism=3&programArg=2000");
        Assert.True(getPlanStatus == HttpStatusCode.OK, getPlanBody);
        Assert.All(JsonNode.Parse(getPlanBody)!["plan"]!["nodes"]!.AsArray(), n => Assert.Equal(3, (int?)n!["parallelism"]));

        var jobId = await fixture.RunAsync(jarId, request);
        var running = await fixture.WaitForAsync(() => fixture.JobDetailsAsync(jobId),
            j => (string?)j["state"] == "RUNNING" && j["vertices"]!.AsArray().All(v => (int?)v!["tasks"]!["RUNNING"] == 2)
                 && (long?)j["vertices"]![0]!["metrics"]!["write-records"] > 0 && (long?)j["vertices"]![3]!["metrics"]!["read-records"] > 0,
            "every subtask RUNNING with records flowing");
        Assert.Equal("FourVertices", (string?)running["name"]);
        Assert.Equal("STREAMING", (string?)running["job-type"]);
        Assert.Equal(8, (int?)running["status-counts"]!["RUNNING"] * 2);
        Assert.Equal(-1L, (long?)running["end-time"]);
        Assert.True((long?)running["timestamps"]!["RUNNING"] > 0);
        var vertices = running["vertices"]!.AsArray();
        Assert.Equal(4, vertices.Count);
        Assert.Equal(4, running["plan"]!["nodes"]!.AsArray().Count);
        var sourceId = (string)vertices[0]!["id"]!;
        var sinkId = (string)vertices[3]!["id"]!;

        Assert.Equal("RUNNING", (string?)(await Get($"/jobs/{jobId}/status", "/jobs/:jobid/status"))["status"]);
        Assert.Contains((await Get("/jobs", "/jobs"))["jobs"]!.AsArray(), j => (string?)j!["id"] == jobId && (string?)j["status"] == "RUNNING");
        var overviewJob = (await Get("/jobs/overview", "/jobs/overview"))["jobs"]!.AsArray().Single(j => (string?)j!["jid"] == jobId)!;
        Assert.Equal(8, (int?)overviewJob["tasks"]!["total"]);
        Assert.Equal(8, (int?)overviewJob["tasks"]!["running"]);
        Assert.Equal(1, (int?)(await Get("/overview", "/overview"))["jobs-running"]);
        Assert.Equal(2, (int?)(await Get($"/jobs/{jobId}/config", "/jobs/:jobid/config"))["execution-config"]!["job-parallelism"]);
        var jobPlanNodes = (await Get($"/jobs/{jobId}/plan", "/jobs/:jobid/plan"))["plan"]!["nodes"]!.AsArray();
        Assert.Equal(4, jobPlanNodes.Count);
        Assert.All(jobPlanNodes, n => Assert.Equal("{}", (string?)n!["optimizer_properties"]));
        Assert.Equal("IN_PROGRESS", (string?)(await Get($"/jobs/{jobId}/execution-result", "/jobs/:jobid/execution-result"))["status"]!["id"]);

        var vertex = await Get($"/jobs/{jobId}/vertices/{sinkId}", "/jobs/:jobid/vertices/:vertexid");
        Assert.Equal(2, vertex["subtasks"]!.AsArray().Count);
        Assert.All(vertex["subtasks"]!.AsArray(), s => Assert.Equal("RUNNING", (string?)s!["status"]));
        Assert.True((long?)vertex["aggregated"]!["metrics"]!["read-records"]!["sum"] > 0);
        var subtask = await Get($"/jobs/{jobId}/vertices/{sourceId}/subtasks/1", "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex");
        Assert.Equal(1, (int?)subtask["subtask"]);
        Assert.Contains(fixture.Cluster.TaskExecutors, t => t.Id.Hex == (string?)subtask["taskmanager-id"]);
        var attempt = await Get($"/jobs/{jobId}/vertices/{sourceId}/subtasks/1/attempts/0", "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt");
        Assert.Equal(0, (int?)attempt["attempt"]);
        await Get($"/jobs/{jobId}/vertices/{sourceId}/subtasks/1/attempts/0/accumulators",
            "/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt/accumulators");
        var times = await Get($"/jobs/{jobId}/vertices/{sourceId}/subtasktimes", "/jobs/:jobid/vertices/:vertexid/subtasktimes");
        Assert.All(times["subtasks"]!.AsArray(), s => Assert.True((long?)s!["timestamps"]!["RUNNING"] > 0));
        var tms = await Get($"/jobs/{jobId}/vertices/{sourceId}/taskmanagers", "/jobs/:jobid/vertices/:vertexid/taskmanagers");
        Assert.Equal(2, tms["taskmanagers"]!.AsArray().Sum(t => (int)t!["status-counts"]!["RUNNING"]!));
        await Get($"/jobs/{jobId}/vertices/{sourceId}/accumulators", "/jobs/:jobid/vertices/:vertexid/accumulators");
        await Get($"/jobs/{jobId}/vertices/{sourceId}/subtasks/accumulators", "/jobs/:jobid/vertices/:vertexid/subtasks/accumulators");
        await Get($"/jobs/{jobId}/accumulators", "/jobs/:jobid/accumulators");
        Assert.Empty((await Get($"/jobs/{jobId}/exceptions", "/jobs/:jobid/exceptions"))["exceptionHistory"]!["entries"]!.AsArray());
        Assert.EndsWith("/#/job-manager/logs", (string?)(await Get($"/jobs/{jobId}/jobmanager/log-url", "/jobs/:jobid/jobmanager/log-url"))["url"]);
        Assert.Contains((await Get($"/jobs/{jobId}/jobmanager/config", "/jobs/:jobid/jobmanager/config")).AsArray(),
            e => (string?)e!["key"] == "parallelism.default" && (string?)e["value"] == "2");

        var (heartbeat, _) = await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{jobId}/clientHeartbeat", """{"expiredTimestamp":1}""");
        Assert.Equal(HttpStatusCode.Accepted, heartbeat);
        var (cancel, cancelBody) = await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{jobId}?mode=cancel");
        Assert.True(cancel == HttpStatusCode.Accepted, cancelBody);
        Assert.Equal("{}", cancelBody);
        var cancelled = await fixture.WaitForJobStatusAsync(jobId, "CANCELED");
        Assert.All(cancelled["vertices"]!.AsArray(), v => Assert.Equal("CANCELED", (string?)v!["status"]));
        Assert.True((long?)cancelled["end-time"] >= (long?)cancelled["start-time"]);
        var overview = await fixture.WaitForAsync(() => Get("/overview", "/overview"), o => (int?)o["slots-available"] == 4, "all slots free");
        Assert.Equal(0, (int?)overview["jobs-running"]);
        Assert.True((int?)overview["jobs-cancelled"] >= 1);

        var (again, againBody) = await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("Job cancellation failed because the job has already reached another terminal state (CANCELED).", JobsClusterFixture.Errors(againBody));
        var result = await Get($"/jobs/{jobId}/execution-result", "/jobs/:jobid/execution-result");
        Assert.Equal("COMPLETED", (string?)result["status"]!["id"]);
        Assert.Equal("CANCELED", (string?)result["job-execution-result"]!["application-status"]);
    }

    [Fact]
    public async Task A_bounded_job_finishes_with_its_output_and_accumulators()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var output = Path.Combine(fixture.LogDirectory, $"wordcount-{Guid.NewGuid():N}.txt");
        var jobId = await fixture.RunAsync(jarId, $$"""{"parallelism":2,"programArgsList":[{{System.Text.Json.JsonSerializer.Serialize(output)}}]}""");
        var finished = await fixture.WaitForJobStatusAsync(jobId, "FINISHED", "FAILED", "CANCELED");
        Assert.Equal("FINISHED", (string?)finished["state"]);
        Assert.All(finished["vertices"]!.AsArray(), v => Assert.Equal("FINISHED", (string?)v!["status"]));

        var finalCounts = File.ReadAllLines(output).Select(l => l.Split(',')).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Max(p => long.Parse(p[1])));
        Assert.Equal(3, finalCounts["to"]);
        Assert.Equal(2, finalCounts["be"]);
        Assert.Equal(2, finalCounts["the"]);
        Assert.Equal(18, finalCounts.Values.Sum());

        var result = (await Get($"/jobs/{jobId}/execution-result", "/jobs/:jobid/execution-result"))["job-execution-result"]!;
        Assert.Equal("SUCCEEDED", (string?)result["application-status"]);
        Assert.Equal(jobId, (string?)result["id"]);
        Assert.Equal("3", Encoding.UTF8.GetString(Convert.FromBase64String((string)result["accumulator-results"]!["lines"]!)));
        var accumulators = await Get($"/jobs/{jobId}/accumulators", "/jobs/:jobid/accumulators");
        var lines = accumulators["user-task-accumulators"]!.AsArray().Single(a => (string?)a!["name"] == "lines")!;
        Assert.Equal("LongCounter", (string?)lines["type"]);
        Assert.Equal("3", (string?)lines["value"]);
        var sourceRecords = (long?)finished["vertices"]![0]!["metrics"]!["write-records"];
        Assert.Equal(3, sourceRecords);
    }

    [Fact]
    public async Task A_failing_job_shows_its_exception()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var jobId = await fixture.RunAsync(jarId, """{"entryClass":"Brook.TestJobs.FailingMap"}""");
        await fixture.WaitForJobStatusAsync(jobId, "FAILED");
        var history = (await Get($"/jobs/{jobId}/exceptions", "/jobs/:jobid/exceptions"))["exceptionHistory"]!;
        var root = history["entries"]![0]!;
        Assert.Equal("Brook.TestJobs.PoisonedRecordException", (string?)root["exceptionName"]);
        Assert.Contains("Record 42 is poisoned.", (string?)root["stacktrace"]);
        Assert.Contains("Poisoned map", (string?)root["taskName"]);
        Assert.False((bool?)history["truncated"]);
        var limited = await Get($"/jobs/{jobId}/exceptions?maxExceptions=0", "/jobs/:jobid/exceptions");
        Assert.Empty(limited["exceptionHistory"]!["entries"]!.AsArray());
        Assert.True((bool?)limited["exceptionHistory"]!["truncated"]);
        var result = (await Get($"/jobs/{jobId}/execution-result", "/jobs/:jobid/execution-result"))["job-execution-result"]!;
        Assert.Equal("FAILED", (string?)result["application-status"]);
        Assert.Contains("Record 42 is poisoned.", (string?)result["failure-cause"]!["stack-trace"]);
    }

    [Fact]
    public async Task The_watermarks_endpoint_reports_what_the_window_operators_hold()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var jobId = await fixture.RunAsync(jarId, """{"entryClass":"Brook.TestJobs.EventTimeWindows","parallelism":2,"programArgsList":["500"]}""");
        await fixture.WaitForJobStatusAsync(jobId, "FINISHED");
        var vertices = (await Get($"/jobs/{jobId}", "/jobs/:jobid"))["vertices"]!.AsArray();
        var window = vertices.Single(v => ((string?)v!["name"])!.Contains("Window sum"))!;
        Assert.Equal(2, (int?)window["parallelism"]);

        var metrics = (await Get($"/jobs/{jobId}/vertices/{(string?)window["id"]}/watermarks", "/jobs/:jobid/vertices/:vertexid/watermarks")).AsArray();

        // End of input sends the max watermark through every channel: each window subtask's input watermark is Long.MAX_VALUE.
        Assert.Equal(["0.currentInputWatermark", "1.currentInputWatermark"], metrics.Select(m => (string?)m!["id"]).Order());
        Assert.All(metrics, m => Assert.Equal(long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)m!["value"]));

        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{jobId}/vertices/{new string('a', 32)}/watermarks");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains($"No vertex with ID '{new string('a', 32)}' exists.", body);
    }

    [Fact]
    public async Task Invalid_uploads_answer_400_with_the_reason()
    {
        var (status, body) = await fixture.UploadAsync(("notes.txt", "hello"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Only Jar files are allowed.", Errors(body));

        (status, body) = await fixture.UploadAsync(("job.jar", "not a zip"u8.ToArray()));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not a zip archive", Errors(body));

        (status, body) = await fixture.UploadAsync(("job.jar", Zip(("readme.txt", "no code here"))));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("holds no .NET assembly", Errors(body));

        var library = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Brook.Core.dll"));
        (status, body) = await fixture.UploadAsync(("library.jar", Zip(("Brook.Core.dll", library))));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("has no entry point", Errors(body));

        (status, body) = await fixture.UploadAsync();
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Exactly 1 file must be sent, received 0.", Errors(body));

        var package = await File.ReadAllBytesAsync(JobsClusterFixture.Package(TestJobs));
        (status, body) = await fixture.UploadAsync(("a.jar", package), ("b.jar", package));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Exactly 1 file must be sent, received 2.", Errors(body));
        Assert.DoesNotContain((await Get("/jars", "/jars"))["files"]!.AsArray(), f => (string?)f!["name"] is "a.jar" or "b.jar" or "job.jar");
    }

    [Theory]
    [InlineData("Brook.TestJobs.ThrowsInMain", "The test program failed on purpose before building its pipeline.")]
    [InlineData("Brook.TestJobs.NeverExecutes", "No jobs included in application.")]
    [InlineData("Brook.TestJobs.NoSuchClass", "The entry class 'Brook.TestJobs.NoSuchClass' was not found")]
    public async Task Programs_that_do_not_submit_a_job_answer_400(string entryClass, string expected)
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var before = (await Get("/jobs", "/jobs"))["jobs"]!.AsArray().Count;
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/run", $$"""{"entryClass":"{{entryClass}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, Errors(body));
        Assert.Equal(before, (await Get("/jobs", "/jobs"))["jobs"]!.AsArray().Count);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/plan?entry-class={entryClass}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task A_program_that_collects_results_answers_400_when_run_detached_and_plans()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var before = (await Get("/jobs", "/jobs"))["jobs"]!.AsArray().Count;
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/run", """{"entryClass":"Brook.TestJobs.CollectsResults"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("ExecuteAndCollectAsync needs an attached client", Errors(body));
        Assert.Equal(before, (await Get("/jobs", "/jobs"))["jobs"]!.AsArray().Count);

        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/plan?entry-class=Brook.TestJobs.CollectsResults");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Collect", body);
    }

    [Fact]
    public async Task A_program_that_never_returns_answers_400_after_the_bound_and_the_cluster_carries_on()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/run", """{"entryClass":"Brook.TestJobs.NeverReturns"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("did not return within web.submit.timeout", Errors(body));
        var output = Path.Combine(fixture.LogDirectory, $"after-stuck-{Guid.NewGuid():N}.txt");
        // The single-string programArgs older Flink dashboards send.
        var jobId = await fixture.RunAsync(jarId, $$"""{"programArgs":{{System.Text.Json.JsonSerializer.Serialize("'" + output + "'")}}}""");
        Assert.Equal("FINISHED", (string?)(await fixture.WaitForJobStatusAsync(jobId, "FINISHED", "FAILED"))["state"]);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public async Task The_wordcount_example_runs_at_parallelism_4()
    {
        var jarId = await fixture.UploadPackageAsync("WordCount.jar");
        var jobId = await fixture.RunAsync(jarId, """{"parallelism":4}""");
        var finished = await fixture.WaitForJobStatusAsync(jobId, "FINISHED", "FAILED", "CANCELED");
        Assert.Equal("FINISHED", (string?)finished["state"]);
        Assert.Contains(finished["vertices"]!.AsArray(), v => (int?)v!["parallelism"] == 4);
    }

    [Fact]
    public async Task Deleting_a_package_removes_it_and_unloads_its_code()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var (planStatus, _) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/plan", """{"entryClass":"Brook.TestJobs.FourVertices"}""");
        Assert.Equal(HttpStatusCode.OK, planStatus);
        Assert.True(fixture.Cluster.Jars.Packages.IsLoaded(jarId));
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Delete, $"/jars/{jarId}");
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.False(fixture.Cluster.Jars.Packages.IsLoaded(jarId));
        Assert.DoesNotContain((await Get("/jars", "/jars"))["files"]!.AsArray(), f => (string?)f!["id"] == jarId);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Delete, $"/jars/{jarId}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"File {jarId} does not exist in", Errors(body));
    }

    [Fact]
    public async Task A_deleted_package_stays_loaded_while_its_job_runs_and_is_unloaded_when_it_ends()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var jobId = await fixture.RunAsync(jarId, """{"entryClass":"Brook.TestJobs.FourVertices","parallelism":1,"programArgsList":["100"]}""");
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Delete, $"/jars/{jarId}");
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.True(fixture.Cluster.Jars.Packages.IsLoaded(jarId));
        Assert.Equal("RUNNING", (string?)(await Get($"/jobs/{jobId}/status", "/jobs/:jobid/status"))["status"]);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{jobId}/yarn-cancel");
        Assert.True(status == HttpStatusCode.Accepted, body);
        await fixture.WaitForJobStatusAsync(jobId, "CANCELED");
        await fixture.WaitForAsync(() => Task.FromResult<JsonNode>(JsonValue.Create(fixture.Cluster.Jars.Packages.IsLoaded(jarId))),
            loaded => !(bool)loaded, "the package to be unloaded");
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_and_wrong_verbs_get_flinks_answers()
    {
        var unknownJob = new string('a', 32);
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{unknownJob}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.StartsWith($"org.apache.flink.runtime.rest.NotFoundException: Job {unknownJob} not found", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{unknownJob}/status");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("Could not find Flink job", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{unknownJob}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Job could not be found.", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{unknownJob}?mode=stop");
        Assert.Equal(HttpStatusCode.PermanentRedirect, status);
        Assert.Contains("The termination mode \"stop\" has been removed.", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{unknownJob}?mode=pause");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Cannot resolve query parameter (mode) from value \"pause\".", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{unknownJob}/yarn-cancel");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{unknownJob}/execution-result");
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{unknownJob}/clientHeartbeat", "{}");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, "/jobs/not-a-job-id");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Cannot resolve path parameter (jobid) from value \"not-a-job-id\".", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Delete, $"/jobs/{unknownJob}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains($"Not found: /jobs/{unknownJob}", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, "/jars/upload");
        Assert.Equal(HttpStatusCode.NotFound, status);

        var missingJar = "00000000-0000-0000-0000-000000000000_missing.jar";
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{missingJar}/run", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"Jar file {Path.Combine(fixture.Cluster.Jars.Store.UploadDir, missingJar)} does not exist", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{missingJar}/plan", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, status);

        var jarId = await fixture.UploadPackageAsync(TestJobs);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/run", """{"jobId":"xyz"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Request did not match expected format JarRunRequestBody.", Errors(body));
        // A savepoint path that does not exist fails the submission (docs/savepoints.md).
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/run",
            """{"entryClass":"Brook.TestJobs.FourVertices","savepointPath":"/tmp/savepoint-missing-1"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Cannot find checkpoint or savepoint file/directory '/tmp/savepoint-missing-1'", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/run?parallelism=x", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Cannot resolve query parameter (parallelism)", Errors(body));

        var output = Path.Combine(fixture.LogDirectory, $"ids-{Guid.NewGuid():N}.txt");
        var jobId = await fixture.RunAsync(jarId, $$"""{"programArgsList":[{{System.Text.Json.JsonSerializer.Serialize(output)}}]}""");
        await fixture.WaitForJobStatusAsync(jobId, "FINISHED");
        var unknownVertex = new string('b', 32);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{jobId}/vertices/{unknownVertex}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains($"JobVertex {unknownVertex} not found", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{jobId}/vertices/{unknownVertex}/subtasktimes");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains($"No vertex with ID '{unknownVertex}' exists.", Errors(body));
        var vertexId = (string)(await fixture.JobDetailsAsync(jobId))["vertices"]![0]!["id"]!;
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{jobId}/vertices/{vertexId}/subtasks/7");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains($"Invalid subtask index for vertex {vertexId}", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{jobId}/vertices/{vertexId}/subtasks/0/attempts/3");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Attempt 3 not found in subtask", Errors(body));
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{jobId}/vertices/{vertexId}/subtasks/-1");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, body) = await fixture.SendJsonAsync(HttpMethod.Get, $"/jobs/{jobId}/yarn-cancel");
        Assert.Equal(HttpStatusCode.Conflict, status);
    }

    private static string Errors(string body) => JobsClusterFixture.Errors(body);

    private static string Errors(JsonNode body) => JobsClusterFixture.Errors(body.ToJsonString());

    private static byte[] Zip(params (string Name, string Content)[] entries) =>
        Zip(entries.Select(e => (e.Name, Encoding.UTF8.GetBytes(e.Content))).ToArray());

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
