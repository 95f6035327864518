using System.Text.Json;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Brook.Rest.ThreadInfo;
using Brook.Runtime.Diagnostics;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Metrics;
using Brook.Runtime.Tasks;
using Brook.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Rest.Tests;

/// <summary>Thread dump text, flame graph trees, the sampling tracker's cache and the endpoints' answers, over fixed samples.</summary>
public sealed class DiagnosticsHandlerTests
{
    private static readonly StackTraceElement UserFrame = new("MyJob.SpinningMap", "SpinInUserCode", "MyJob");
    private static readonly StackTraceElement LoopFrame = new("Brook.Runtime.Tasks.StreamTask", "RunOperators", "Brook.Runtime");
    private static readonly StackTraceElement WaitFrame = new("System.Threading.Monitor", "Wait", "System.Private.CoreLib");

    private static ThreadInfoSample Sample(ThreadInfoState state, params StackTraceElement[] frames) => new(42, "Map (1/2)#0", state, false, frames);

    private static ArchivedExecutionVertex Subtask(int index, ExecutionState state, ResourceId? tm)
    {
        var metrics = new TaskMetricsSnapshot(0, 0, 0, 0, 0, 0, 0, 0);
        return new ArchivedExecutionVertex(index, new ArchivedExecution(ExecutionAttemptId.Generate(), 0, state, tm, "brook://localhost/taskmanager_0", 1, -1,
            new Dictionary<ExecutionState, long> { [ExecutionState.CREATED] = 1 }, metrics, null, []), []);
    }

    private static ArchivedExecutionJobVertex Vertex(params ArchivedExecutionVertex[] subtasks)
    {
        var id = JobVertexId.Generate();
        return new ArchivedExecutionJobVertex(id, "Map", subtasks.Length, 128, [new OperatorId(id.Hex)], [], subtasks);
    }

    [Fact]
    public void A_thread_is_written_as_flinks_stringified_thread_info_cut_at_the_depth()
    {
        var thread = new ThreadInfoSample(4711, "Map (1/2)#0", ThreadInfoState.RUNNABLE, false, [UserFrame, LoopFrame]);
        Assert.Equal("\"Map (1/2)#0\" Id=4711 RUNNABLE\n\tat MyJob.SpinningMap.SpinInUserCode(MyJob)\n\tat Brook.Runtime.Tasks.StreamTask.RunOperators(Brook.Runtime)\n\n",
            ThreadDumpHandlers.Stringify(thread, 50));
        Assert.Equal("\"Map (1/2)#0\" Id=4711 RUNNABLE\n\tat MyJob.SpinningMap.SpinInUserCode(MyJob)\n\t...\n\n", ThreadDumpHandlers.Stringify(thread, 1));
        var native = thread with { InNative = true, StackTrace = [new StackTraceElement("", StackTraceElement.UnmanagedCode, ""), UserFrame] };
        Assert.StartsWith("\"Map (1/2)#0\" Id=4711 RUNNABLE (in native)\n\tat [unmanaged code]\n", ThreadDumpHandlers.Stringify(native, 50));

        var json = JsonSerializer.Serialize(ThreadDumpHandlers.Create([thread], 50), RestJsonContext.Wire.ThreadDumpInfo);
        OpenApiValidator.Default.AssertMatches("GET", "/jobmanager/thread-dump", 200, json);
        Assert.Contains("\"threadName\":\"Map (1/2)#0\"", json);
    }

    [Fact]
    public void Runtime_method_names_are_split_into_type_and_method()
    {
        Assert.Equal(new StackTraceElement("System.Threading.Monitor", "Wait", "CoreLib"),
            StackTraceElement.FromRuntimeName("System.Threading.Monitor.Wait(class System.Object,int32)", "CoreLib"));
        Assert.Equal(new StackTraceElement("Ns.Outer+Inner`1[System.Int32]", ".ctor", "M"), StackTraceElement.FromRuntimeName("Ns.Outer+Inner`1[System.Int32]..ctor()", "M"));
        Assert.True(StackTraceElement.FromRuntimeName("", "").IsUnmanaged);
    }

    [Fact]
    public void Blocking_primitives_below_user_code_are_waiting_and_user_code_on_top_is_runnable()
    {
        var unmanaged = new StackTraceElement("", StackTraceElement.UnmanagedCode, "");
        Assert.Equal(ThreadInfoState.WAITING, ThreadStateClassifier.Classify([unmanaged, WaitFrame, new("System.Threading.ManualResetEventSlim", "Wait", "C"), UserFrame]));
        Assert.Equal(ThreadInfoState.TIMED_WAITING, ThreadStateClassifier.Classify([new("System.Threading.Thread", "Sleep", "C"), UserFrame]));
        Assert.Equal(ThreadInfoState.BLOCKED, ThreadStateClassifier.Classify([unmanaged, new("System.Threading.Lock", "TryEnterSlow", "C"), UserFrame]));
        Assert.Equal(ThreadInfoState.RUNNABLE, ThreadStateClassifier.Classify([UserFrame, WaitFrame]));
        Assert.Equal(ThreadInfoState.RUNNABLE, ThreadStateClassifier.Classify([unmanaged, new("System.Net.Sockets.SocketPal", "Receive", "S")]));
    }

    [Fact]
    public void Samples_are_picked_one_per_delay_from_the_runtimes_millisecond_recording()
    {
        var recorded = Enumerable.Range(0, 100).Select(i => new StackSample(10 + i * 1.0, false, [UserFrame])).ToList();
        var picked = ThreadInfoSampling.Pick(recorded, new ThreadInfoSamplesRequest(5, TimeSpan.FromMilliseconds(10), 100));
        Assert.Equal([10.0, 20.0, 30.0, 40.0, 50.0], picked.Select(s => s.TimeMs));
        Assert.Equal(100, ThreadInfoSampling.Pick(recorded, new ThreadInfoSamplesRequest(1000, TimeSpan.FromMilliseconds(1), 100)).Count);
    }

    [Fact]
    public void The_flame_graph_folds_samples_outermost_first_and_splits_on_and_off_cpu()
    {
        var attempt = ExecutionAttemptId.Generate();
        var stats = new VertexThreadInfoStats(1, 100, 200, new Dictionary<ExecutionAttemptId, SubtaskSamples>
        {
            [attempt] = new(0, [Sample(ThreadInfoState.RUNNABLE, UserFrame, LoopFrame), Sample(ThreadInfoState.RUNNABLE, UserFrame, LoopFrame),
                Sample(ThreadInfoState.WAITING, WaitFrame, LoopFrame)]),
        });

        var full = VertexFlameGraphFactory.Create(stats, FlameGraphType.FULL);
        Assert.Equal(200, full.EndTimestamp);
        Assert.Equal(("root", 3), (full.Data!.Name, full.Data.Value));
        var loop = Assert.Single(full.Data.Children);
        Assert.Equal(("Brook.Runtime.Tasks.StreamTask.RunOperators", 3), (loop.Name, loop.Value));
        Assert.Equal([("MyJob.SpinningMap.SpinInUserCode", 2), ("System.Threading.Monitor.Wait", 1)], loop.Children.Select(c => (c.Name, c.Value)));

        var onCpu = VertexFlameGraphFactory.Create(stats, FlameGraphType.ON_CPU);
        Assert.Equal(2, onCpu.Data!.Value);
        Assert.Equal("MyJob.SpinningMap.SpinInUserCode", Assert.Single(Assert.Single(onCpu.Data.Children).Children).Name);
        var offCpu = VertexFlameGraphFactory.Create(stats, FlameGraphType.OFF_CPU);
        Assert.Equal("System.Threading.Monitor.Wait", Assert.Single(Assert.Single(offCpu.Data!.Children).Children).Name);

        var json = JsonSerializer.Serialize(full, RestJsonContext.Wire.VertexFlameGraph);
        OpenApiValidator.Default.AssertMatches("GET", "/jobs/:jobid/vertices/:vertexid/flamegraph", 200, json);
        Assert.Equal("""{"endTimestamp":-3}""", JsonSerializer.Serialize(VertexFlameGraph.Waiting(), RestJsonContext.Wire.VertexFlameGraph));
    }

    [Fact]
    public async Task The_tracker_samples_running_attempts_once_answers_from_its_cache_and_resamples_when_stale()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        var gateway = new FakeDiagnosticsGateway();
        var tm = ResourceId.Generate();
        var vertex = Vertex(Subtask(0, ExecutionState.RUNNING, tm), Subtask(1, ExecutionState.FINISHED, tm));
        var settings = new FlameGraphSettings(true, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1), new ThreadInfoSamplesRequest(10, TimeSpan.FromMilliseconds(5), 100));
        var tracker = new VertexThreadInfoTracker(gateway, settings, time);
        var job = JobId.Generate();

        Assert.Null(tracker.GetJobVertexStats(job, vertex));
        Assert.Null(tracker.GetJobVertexStats(job, vertex));
        var request = await WaitForRequestAsync(gateway, 1);
        Assert.Equal([(tm, vertex.Subtasks[0].CurrentExecution.AttemptId)], request);

        var attempt = vertex.Subtasks[0].CurrentExecution.AttemptId;
        var answered = gateway.Samples;
        gateway.Samples = new();
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tracker.SamplingEnded += () => ended.TrySetResult();
        answered.SetResult(new Dictionary<ExecutionAttemptId, IReadOnlyList<ThreadInfoSample>> { [attempt] = [Sample(ThreadInfoState.RUNNABLE, UserFrame)] });
        // The sampling stores its result on its own thread: wait for it to end before reading the cache.
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stats = tracker.GetJobVertexStats(job, vertex);
        Assert.NotNull(stats);
        Assert.Equal(0, Assert.Single(stats.SamplesBySubtask.Values).SubtaskIndex);
        // A vertex sampling fills the subtask's entry too: no new request for it.
        Assert.NotNull(tracker.GetExecutionVertexStats(job, vertex, 0));
        Assert.Single(gateway.SampleRequests);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Same(stats, tracker.GetJobVertexStats(job, vertex));
        await WaitForRequestAsync(gateway, 2);
    }

    [Fact]
    public async Task Flame_graphs_answer_disabled_terminated_and_bad_subtask_indexes_as_flink()
    {
        var disabled = await FlameGraphAsync(new FakeGateway(), JobId.Generate(), JobVertexId.Generate(), null);
        Assert.Equal("""{"endTimestamp":-2}""", disabled);

        var enabled = new FakeGateway
        {
            Cluster = new ClusterInformation([KeyValuePair.Create("rest.flamegraph.enabled", "true")], 3000, new EnvironmentSnapshot("v", "x64", [], []),
                new LogLocation(Path.GetTempPath(), () => null, "none.out")),
        };
        var vertex = Vertex(Subtask(0, ExecutionState.FINISHED, ResourceId.Generate()), Subtask(1, ExecutionState.RUNNING, ResourceId.Generate()));
        var graph = new ArchivedExecutionGraph(JobId.Generate(), "job", JobStatus.RUNNING, 1, -1, 0, 1, new Dictionary<JobStatus, long>(), [vertex], null, [], [], 128);
        enabled.ExecutionGraphs[graph.JobId] = new ExecutionGraphInfo(graph, null!, null!);
        Assert.Equal("""{"endTimestamp":-1}""", await FlameGraphAsync(enabled, graph.JobId, vertex.Id, 0));
        Assert.Equal("""{"endTimestamp":-3}""", await FlameGraphAsync(enabled, graph.JobId, vertex.Id, 1));
        var error = await Assert.ThrowsAsync<RestHandlerException>(() => FlameGraphAsync(enabled, graph.JobId, vertex.Id, 2));
        Assert.Equal((404, $"Invalid subtask index for vertex {vertex.Id.Hex}"), (error.Status, error.Message));
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => FlameGraphAsync(enabled, graph.JobId, JobVertexId.Generate(), null));
        Assert.StartsWith("No vertex with ID", unknown.Message);
    }

    [Fact]
    public async Task Unknown_taskmanagers_get_flinks_404_texts()
    {
        var gateway = new FakeGateway();
        var id = ResourceId.Generate();
        var endpoints = DispatcherEndpoints.Create(gateway, TimeProvider.System);
        RestRequest Request(string? file = null) => new(new Dictionary<string, object> { ["taskmanagerid"] = id, ["filename"] = file ?? "x.log" },
            new Dictionary<string, IReadOnlyList<object>>(), new EmptyRequestBody());
        async Task<RestHandlerException> Fails(string path) => await Assert.ThrowsAnyAsync<RestHandlerException>(async () =>
            await endpoints.Single(e => e.Spec.PathTemplate == path).Handle(Request(), CancellationToken.None));

        Assert.Equal($"Could not find TaskExecutor {id}", (await Fails("/taskmanagers/:taskmanagerid/thread-dump")).Message);
        Assert.Equal($"Could not find TaskExecutor {id}", (await Fails("/taskmanagers/:taskmanagerid/logs")).Message);
        foreach (var path in new[] { "/taskmanagers/:taskmanagerid/log", "/taskmanagers/:taskmanagerid/stdout", "/taskmanagers/:taskmanagerid/logs/:filename" })
        {
            var e = await Fails(path);
            Assert.Equal((404, $"Failed to transfer file from TaskExecutor {id} because it was unknown."), (e.Status, e.Message));
        }
    }

    [Fact]
    public void A_taskmanager_lists_and_serves_only_its_own_files()
    {
        var dir = Directory.CreateTempSubdirectory("brook-tm-logs-").FullName;
        try
        {
            foreach (var name in new[] { "jobmanager.log", "taskmanager-0.log", "taskmanager-0_001.log", "taskmanager-0.out", "taskmanager-1.log" })
                File.WriteAllText(Path.Combine(dir, name), name);
            var logs = new TaskManagerLogLocation(new LogLocation(dir, () => "taskmanager-0_001.log", "taskmanager-0.out"),
                n => n is "taskmanager-0.log" or "taskmanager-0_001.log" or "taskmanager-0.out");
            Assert.Equal(["taskmanager-0.log", "taskmanager-0.out", "taskmanager-0_001.log"], TaskManagerLogHandlers.List(logs).Logs.Select(l => l.Name));
            Assert.Equal(Path.Combine(dir, "taskmanager-0_001.log"), TaskManagerLogHandlers.Resolve(logs, logs.Logs.CurrentLogFile()));
            foreach (var other in new[] { "jobmanager.log", "taskmanager-1.log", "../taskmanager-0.log", "..", "missing.log" })
                Assert.Throws<NotFoundException>(() => TaskManagerLogHandlers.Resolve(logs, other));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> FlameGraphAsync(FakeGateway gateway, JobId job, JobVertexId vertex, int? subtask)
    {
        var endpoint = DispatcherEndpoints.Create(gateway, TimeProvider.System).Single(e => e.Spec.PathTemplate == "/jobs/:jobid/vertices/:vertexid/flamegraph");
        var query = new Dictionary<string, IReadOnlyList<object>>();
        if (subtask is { } s) query["subtaskindex"] = [s];
        var result = (JsonResult)await endpoint.Handle(new RestRequest(new Dictionary<string, object> { ["jobid"] = job, ["vertexid"] = vertex }, query,
            new EmptyRequestBody()), CancellationToken.None);
        var json = JsonSerializer.Serialize(result.Body, result.TypeInfo);
        OpenApiValidator.Default.AssertMatches("GET", "/jobs/:jobid/vertices/:vertexid/flamegraph", 200, json);
        return json;
    }

    private static async Task<IReadOnlyCollection<(ResourceId TaskManager, ExecutionAttemptId Attempt)>> WaitForRequestAsync(FakeDiagnosticsGateway gateway, int count)
    {
        await gateway.Requests.UntilAsync(() =>
        {
            lock (gateway.SampleRequests) return gateway.SampleRequests.Count >= count;
        }, $"{count} sampling requests", TimeSpan.FromSeconds(10));
        lock (gateway.SampleRequests) return gateway.SampleRequests[count - 1];
    }
}
