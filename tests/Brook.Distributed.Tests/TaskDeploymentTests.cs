using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Brook.Cluster.Rpc;
using Brook.Cluster.Rpc.Protocol;
using Brook.Core.Ids;
using Brook.TestJobs;
using Grpc.Core;

using static Brook.Distributed.Tests.JobRuns;

namespace Brook.Distributed.Tests;

/// <summary>
/// Jobs submitted with POST /jars/:jarid/run to a `brook jobmanager` process run in `brook taskmanager` processes (one slot
/// each, so a job at parallelism 2 spreads over both): the output equals the reference, a TaskManager killed with SIGKILL
/// mid-run is recovered from on a spare one with exactly-once output, and a package whose graph differs on the TaskManager
/// fails naming the operator. The processes are shared by the tests of this class.
/// </summary>
public sealed class TaskDeploymentTests(TaskDeploymentTests.Cluster cluster) : IClassFixture<TaskDeploymentTests.Cluster>
{
    private static readonly TimeSpan JobTimeout = DistributedClusterFixture.JobTimeout;

    /// <summary>A JobManager and two TaskManagers of one slot; the test job package uploaded once.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        public DistributedClusterFixture Processes { get; } = new() { SlotsPerTaskManager = [1, 1], ExtraJobManagerOptions = ["-Dslot.request.timeout=20s", "-Drest.flamegraph.enabled=true", "-Drest.flamegraph.num-samples=20", "-Drest.flamegraph.delay-between-samples=10ms"] };

        public string JarId { get; private set; } = "";

        public string Output { get; } = Path.Combine(Path.GetTempPath(), "brook-deploy-out-" + Guid.NewGuid().ToString("N"));

        public async Task InitializeAsync()
        {
            await Processes.InitializeAsync();
            JarId = await Processes.UploadTestJobsAsync();
        }

        public async Task DisposeAsync()
        {
            await Processes.DisposeAsync();
            if (Directory.Exists(Output)) Directory.Delete(Output, recursive: true);
        }

        internal static string Package(string name)
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "artifacts", "packages", name);
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException($"The job package {name} was not found in artifacts/packages above {AppContext.BaseDirectory}.");
        }
    }

    private DistributedClusterFixture Processes => cluster.Processes;

    private async Task<string> RunAsync(string entryClass, int parallelism, params string[] args)
    {
        var request = JsonSerializer.Serialize(new Dictionary<string, object> { ["entryClass"] = entryClass, ["parallelism"] = parallelism, ["programArgsList"] = args });
        using var response = await Processes.Http.PostAsync($"/jars/{cluster.JarId}/run", new StringContent(request, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"run answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("jobid").GetString()!;
    }






    /// <summary>The TaskManager id of every subtask of every vertex of the job.</summary>
    private async Task<IReadOnlyList<(string Vertex, int Subtask, string TaskManager)>> PlacementAsync(string jobId, JsonElement job)
    {
        var result = new List<(string, int, string)>();
        foreach (var v in job.GetProperty("vertices").EnumerateArray())
        {
            var id = v.GetProperty("id").GetString()!;
            var details = await Processes.GetAsync($"/jobs/{jobId}/vertices/{id}", "/jobs/:jobid/vertices/:vertexid");
            foreach (var s in details.GetProperty("subtasks").EnumerateArray())
            {
                result.Add((v.GetProperty("name").GetString()!, s.GetProperty("subtask").GetInt32(), s.GetProperty("taskmanager-id").GetString()!));
            }
        }
        return result;
    }

    [Fact]
    public async Task A_word_count_package_runs_over_both_taskmanager_processes_and_equals_the_reference()
    {
        var output = Path.Combine(cluster.Output, "wordcount");
        var jobId = await RunAsync("Brook.TestJobs.DistributedWordCount", 2, output);
        var job = await Processes.WaitForJobAsync(jobId, j => State(j) is "FINISHED" or "FAILED" or "CANCELED", "end");
        Assert.True(State(job) == "FINISHED", job.ToString());

        var (lost, duplicated) = Compare(DistributedWordCount.ExpectedLines(DistributedWordCount.Corpus()), CommittedLines(output));
        Assert.Equal((0, 0), (lost, duplicated));
        // Spread over both processes: every vertex has a subtask in each TaskManager.
        var placement = await PlacementAsync(jobId, job);
        var live = await Processes.TaskManagerIdsAsync();
        Assert.All(placement.GroupBy(p => p.Vertex), v => Assert.Equal(2, v.Select(p => p.TaskManager).Distinct().Count()));
        Assert.All(placement, p => Assert.Contains(p.TaskManager, live));
        // The final metrics came back with the task states: the tokenizer read every line.
        var tokenizer = job.GetProperty("vertices").EnumerateArray().Single(v => v.GetProperty("name").GetString()!.Contains("Tokenizer"));
        Assert.Equal(DistributedWordCount.Corpus().Count, tokenizer.GetProperty("metrics").GetProperty("read-records").GetInt64());
    }

    [Fact]
    public async Task A_keyed_event_time_window_job_spread_over_both_taskmanager_processes_equals_the_reference()
    {
        const long count = 6_000;
        var output = Path.Combine(cluster.Output, "windows");
        var jobId = await RunAsync("Brook.TestJobs.DistributedWindowCounts", 2, output, count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var job = await Processes.WaitForJobAsync(jobId, j => State(j) is "FINISHED" or "FAILED" or "CANCELED", "end");
        Assert.True(State(job) == "FINISHED", job.ToString());

        // Every window fired once with its full count: the watermarks crossed the exchanges between the processes.
        var (lost, duplicated) = Compare(DistributedWindowCounts.ExpectedLines(count), CommittedLines(output));
        Assert.Equal((0, 0), (lost, duplicated));
        var placement = await PlacementAsync(jobId, job);
        Assert.Equal(2, placement.Where(p => p.Vertex.Contains("Count per window")).Select(p => p.TaskManager).Distinct().Count());
    }

    [Fact]
    public async Task A_taskmanager_killed_mid_run_is_recovered_from_on_a_spare_one_with_exactly_once_output()
    {
        // 16 s of input at 3000 records/s: room for the first checkpoint and the kill before the victim's subtasks could finish, on a loaded machine too.
        const long count = 48_000;
        var output = Path.Combine(cluster.Output, "exactly-once");
        var jobId = await RunAsync("Brook.TestJobs.ExactlyOnceCounts", 2, output, count.ToString(System.Globalization.CultureInfo.InvariantCulture), "3000");
        // Mid-run: running on both TaskManagers, with a completed checkpoint whose output is committed.
        var job = await Processes.WaitForJobAsync(jobId, j => State(j) == "RUNNING" && j.GetProperty("vertices").EnumerateArray().All(v => v.GetProperty("status").GetString() == "RUNNING"),
            "run all its tasks");
        var placement = await PlacementAsync(jobId, job);
        var victim = placement.First(p => p.Subtask == 1).TaskManager;
        var spare = await Processes.StartTaskManagerAsync(slots: 1);
        var process = Processes.Started.First(t => t.Id == victim).Process;
        await WaitForCommittedOutputAsync(jobId, output);
        process.Signal(BrookProcess.SigKill);

        job = await Processes.WaitForJobAsync(jobId, j => State(j) is "FINISHED" or "FAILED" or "CANCELED", "end");
        Assert.True(State(job) == "FINISHED", job.ToString());
        var (lost, duplicated) = Compare(ExactlyOnceCounts.ExpectedLines(count), CommittedLines(output));
        Assert.Equal((0, 0), (lost, duplicated));
        var exceptions = await Processes.GetAsync($"/jobs/{jobId}/exceptions", "/jobs/:jobid/exceptions");
        // The failure the job restarted for is the loss: noticed by the JobManager ("TaskManager … was lost") or first by a task
        // whose input channel from the killed process broke ("… the remote TaskManager was lost").
        var entries = exceptions.GetProperty("exceptionHistory").GetProperty("entries").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Contains("was lost", e.GetProperty("stacktrace").GetString()));
        // The restarted subtasks ran on the spare TaskManager.
        Assert.Contains(await PlacementAsync(jobId, job), p => p.TaskManager == spare.Id);
    }

    [Fact]
    public async Task A_flame_graph_samples_the_subtasks_running_in_taskmanager_processes()
    {
        var jobId = await RunAsync("Brook.TestJobs.SpinsUntilCancelled", 2);
        var job = await Processes.WaitForJobAsync(jobId, j => State(j) == "RUNNING" && j.GetProperty("vertices").EnumerateArray().All(v => v.GetProperty("status").GetString() == "RUNNING"),
            "run all its tasks");
        var vertex = job.GetProperty("vertices").EnumerateArray().Single();
        var placement = await PlacementAsync(jobId, job);
        Assert.Equal(2, placement.Select(p => p.TaskManager).Distinct().Count());
        var url = $"/jobs/{jobId}/vertices/{vertex.GetProperty("id").GetString()}/flamegraph";
        const string template = "/jobs/:jobid/vertices/:vertexid/flamegraph";
        try
        {
            // The first request starts the sampling of both subtasks, each in its own TaskManager process; later ones see it.
            JsonElement graph;
            using var cts = new CancellationTokenSource(JobTimeout);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            do
            {
                graph = await Processes.GetAsync(url, template);
                if (graph.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object) break;
            } while (await Tick(timer, cts.Token));
            Assert.True(graph.GetProperty("endTimestamp").GetInt64() > 0, graph.ToString());
            Assert.Contains(nameof(SpinsUntilCancelled.MixesEveryRecord), graph.GetProperty("data").ToString());
            // Each subtask is sampled in its own process. A process whose sampling session started too late for the vertex's
            // round (a loaded machine) answered nothing for its subtask then: the subtask's request samples it again, and
            // answers "waiting" until that is done, as Flink's does.
            foreach (var subtask in new[] { 0, 1 })
            {
                JsonElement one;
                do
                {
                    one = await Processes.GetAsync($"{url}?subtaskindex={subtask}", template);
                    if (one.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object) break;
                } while (await Tick(timer, cts.Token));
                Assert.True(one.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object, $"subtask {subtask}: {one}");
                Assert.Contains(nameof(SpinsUntilCancelled.MixesEveryRecord), data.ToString());
            }
        }
        finally
        {
            using var cancel = await Processes.Http.PatchAsync($"/jobs/{jobId}?mode=cancel", null);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }
        job = await Processes.WaitForJobAsync(jobId, j => State(j) is "CANCELED" or "FAILED" or "FINISHED", "end");
        Assert.Equal("CANCELED", State(job));
    }

    /// <summary>Waits until a completed checkpoint committed output while the job still runs (the kill then comes mid-run).</summary>
    private async Task WaitForCommittedOutputAsync(string jobId, string output)
    {
        using var cts = new CancellationTokenSource(JobTimeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        do
        {
            var checkpoints = await Processes.GetAsync($"/jobs/{jobId}/checkpoints", "/jobs/:jobid/checkpoints");
            if (checkpoints.GetProperty("counts").GetProperty("completed").GetInt64() >= 1 && CommittedLines(output).Count > 0) break;
        } while (await Tick(timer, cts.Token));
        var job = await Processes.GetAsync($"/jobs/{jobId}", "/jobs/:jobid");
        var latest = await Processes.GetAsync($"/jobs/{jobId}/checkpoints", "/jobs/:jobid/checkpoints");
        Assert.True(State(job) == "RUNNING" && CommittedLines(output).Count > 0, $"The job should run with committed output before the kill: {job}\nCheckpoints: {latest}");
        // The live metrics of the running attempts come from the TaskManager processes' reports.
        var source = job.GetProperty("vertices").EnumerateArray().Single(v => v.GetProperty("name").GetString()!.Contains("Numbers"));
        Assert.True(source.GetProperty("metrics").GetProperty("write-records").GetInt64() > 0, source.ToString());
    }

    [Fact]
    public async Task A_package_whose_graph_differs_on_the_taskmanager_fails_naming_the_operator()
    {
        var jobId = await RunAsync("Brook.TestJobs.DiffersOnTaskManager", 1);
        var job = await Processes.WaitForJobAsync(jobId, j => State(j) is "FINISHED" or "FAILED" or "CANCELED", "end");
        Assert.Equal("FAILED", State(job));
        var exceptions = await Processes.GetAsync($"/jobs/{jobId}/exceptions", "/jobs/:jobid/exceptions");
        var root = exceptions.GetProperty("exceptionHistory").GetProperty("entries")[0];
        Assert.Equal("Brook.Cluster.TaskManager.JobGraphMismatchException", root.GetProperty("exceptionName").GetString());
        var text = root.GetProperty("stacktrace").GetString()!;
        Assert.Contains("differs from the JobManager's", text);
        Assert.Contains("'Double'", text);
    }

    [Fact]
    public async Task Bad_and_stray_deployment_messages_are_refused_or_ignored_and_harm_neither_process()
    {
        using var channel = RpcChannels.Open("127.0.0.1", Processes.RpcPort);
        var jobMaster = new JobMasterGateway.JobMasterGatewayClient(RpcChannels.Versioned(channel));
        var (taskManagerProcess, taskManager) = Processes.Started.First(t => !t.Process.HasExited);
        TaskAttempt Attempt() => new() { ResourceId = taskManager, JobId = HexId.NewHex(), AttemptId = HexId.NewHex() };

        async Task<StatusCode> Call(Func<Task> call)
        {
            try
            {
                await call();
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }

        // Malformed fields: refused with INVALID_ARGUMENT.
        Assert.Equal(StatusCode.InvalidArgument, await Call(async () => await jobMaster.UpdateTaskExecutionStateAsync(
            new TaskExecutionState { Attempt = new TaskAttempt { ResourceId = "x", JobId = "y", AttemptId = "z" }, State = (int)Core.States.ExecutionState.RUNNING })));
        Assert.Equal(StatusCode.InvalidArgument, await Call(async () => await jobMaster.UpdateTaskExecutionStateAsync(new TaskExecutionState { Attempt = Attempt(), State = 42 })));
        Assert.Equal(StatusCode.InvalidArgument, await Call(async () => await jobMaster.UpdateTaskExecutionStateAsync(new TaskExecutionState
        {
            Attempt = Attempt(), State = (int)Core.States.ExecutionState.FINISHED, Metrics = new TaskMetrics { NumRecordsIn = -5 },
        })));
        Assert.Equal(StatusCode.InvalidArgument, await Call(async () => await jobMaster.AcknowledgeCheckpointAsync(new AcknowledgeCheckpointRequest { Attempt = Attempt(), CheckpointId = -1 })));
        Assert.Equal(StatusCode.InvalidArgument, await Call(async () => await jobMaster.SendOperatorEventToCoordinatorAsync(
            new global::Brook.Cluster.Rpc.Protocol.OperatorEvent { Attempt = Attempt(), OperatorId = "../x" })));
        // Well formed, about a job or attempt this JobManager does not run: ignored, as Flink's JobMaster ignores unknown executions.
        Assert.Equal(StatusCode.OK, await Call(async () => await jobMaster.UpdateTaskExecutionStateAsync(new TaskExecutionState
        {
            Attempt = Attempt(), State = (int)Core.States.ExecutionState.FAILED, Failure = new SerializedThrowable { ClassName = "Evil", Message = "x", Text = "x" },
        })));
        Assert.Equal(StatusCode.OK, await Call(async () => await jobMaster.AcknowledgeCheckpointAsync(new AcknowledgeCheckpointRequest
        {
            Attempt = Attempt(), CheckpointId = 1, State = Google.Protobuf.ByteString.CopyFrom(1, 2, 3),
        })));

        // A TaskManager refuses a deployment it cannot trust.
        var list = await Processes.GetAsync("/taskmanagers", "/taskmanagers");
        var path = list.GetProperty("taskmanagers").EnumerateArray().First(t => t.GetProperty("id").GetString() == taskManager).GetProperty("path").GetString()!;
        var port = new Uri(path).Port;
        using var tmChannel = RpcChannels.Open("127.0.0.1", port);
        var deployment = new TaskExecutorDeploymentGateway.TaskExecutorDeploymentGatewayClient(RpcChannels.Versioned(tmChannel));
        Assert.Equal(StatusCode.InvalidArgument, await Call(async () => await deployment.SubmitTaskAsync(new TaskDeployment { Attempt = Attempt(), VertexId = "nope" })));
        Assert.Equal(StatusCode.InvalidArgument, await Call(async () => await deployment.TriggerCheckpointAsync(new TriggerCheckpointRequest { Attempt = Attempt(), CheckpointId = 0 })));

        // Both processes still serve: the JobManager's REST API lists the TaskManager, which still answers.
        Assert.Contains(taskManager, await Processes.TaskManagerIdsAsync());
        Assert.False(taskManagerProcess.HasExited);
        Assert.Equal(StatusCode.OK, await Call(async () => await deployment.CancelTaskAsync(Attempt())));
    }
}
