using System.Text.Json;
using Brook.Cluster;
using Brook.Cluster.Rpc;
using Brook.Cluster.TaskManager;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.TestSupport;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Distributed.Tests;

/// <summary>
/// A JobManager that only has TaskManager processes schedules jobs onto their slots; a job built in the submitting process
/// (no job package) cannot be rebuilt there, so its deployment fails with that reason instead of running anywhere.
/// </summary>
public sealed class JobManagerSchedulingTests : IAsyncLifetime
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "brook-scheduling-" + Guid.NewGuid().ToString("N"));
    private LocalCluster _jobManager = null!;
    private TaskManagerRunner _taskManager = null!;

    public async Task InitializeAsync()
    {
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _jobManager = await LocalCluster.StartAsync(new Configuration()
                .Set(CoreOptions.RestPort, 0)
                .Set(ClusterRpcOptions.JobManagerRpcPort, 0)
                .Set(CoreOptions.SlotRequestTimeout, TimeSpan.FromSeconds(1))
                .SetRaw(CoreOptions.LogDir.Key, _logs),
            new LocalClusterOptions(NumberOfTaskManagers: 0) { AcceptTaskManagerProcesses = true });
        _jobManager.ResourceManager.SlotsChanged += () =>
        {
            if (_jobManager.ResourceManager.Snapshot().Count == 1) registered.TrySetResult();
        };
        _taskManager = await TaskManagerRunner.StartAsync(new Configuration()
            .Set(ClusterRpcOptions.JobManagerRpcPort, _jobManager.RpcEndPoint!.Port)
            .Set(CoreOptions.NumberOfTaskSlots, 2)
            .SetRaw(CoreOptions.LogDir.Key, _logs));
        await registered.Task.WaitAsync(DistributedClusterFixture.Patience);
    }

    [Fact]
    public async Task A_job_without_a_package_gets_slots_of_the_taskmanager_process_and_fails_its_deployment_saying_why()
    {
        using var http = new HttpClient { BaseAddress = _jobManager.RestAddress };
        var overview = JsonDocument.Parse(await http.GetStringAsync("/overview")).RootElement;
        Assert.Equal(2, overview.GetProperty("slots-total").GetInt32());
        Assert.Equal(1, overview.GetProperty("taskmanagers").GetInt32());

        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(1);
        env.FromSequence(1, 10).SinkTo(new ActionSink<long>(_ => { }, "Discard"));
        var graph = JobGraphType.FromStreamGraph(env.GetStreamGraph("built in process"));
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _jobManager.Dispatcher.SubmitJob(graph, () => ended.TrySetResult());
        await ended.Task.WaitAsync(DistributedClusterFixture.Patience);

        Assert.Equal(JobStatus.FAILED, _jobManager.Dispatcher.RequestJobs().Single(j => j.Id == graph.JobId).Status);
        var body = await http.GetStringAsync($"/jobs/{graph.JobId}/exceptions");
        OpenApiValidator.Default.AssertMatches("GET", "/jobs/:jobid/exceptions", 200, body);
        var entry = JsonDocument.Parse(body).RootElement.GetProperty("exceptionHistory").GetProperty("entries")[0];
        Assert.Equal("System.InvalidOperationException", entry.GetProperty("exceptionName").GetString());
        Assert.Contains("was not submitted as a job package", entry.GetProperty("stacktrace").GetString());
        Assert.Contains(_taskManager.ResourceId.Hex, entry.GetProperty("stacktrace").GetString());
        // The job's slot went back to the TaskManager process when the job ended.
        Assert.Equal(2, _jobManager.ResourceManager.Snapshot().Single().FreeSlots);
    }

    public async Task DisposeAsync()
    {
        await _taskManager.DisposeAsync();
        await _jobManager.DisposeAsync();
        Directory.Delete(_logs, recursive: true);
    }
}
