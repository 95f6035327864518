using Brook.Cluster.JobManager;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Rest.Gateway;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.ResourceManager;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Microsoft.Extensions.Time.Testing;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;
using TE = Brook.Runtime.TaskExecutor.TaskExecutor;

namespace Brook.Cluster.Tests;

/// <summary>The Dispatcher keeps finished jobs up to jobstore.max-capacity and for jobstore.expiration-time.</summary>
public sealed class DispatcherJobStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private readonly List<TE> _taskExecutors = [];
    private ResourceManager _resourceManager = null!;

    public Task InitializeAsync()
    {
        _resourceManager = new ResourceManager(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(50), _time);
        var registration = new TaskManagerRegistration(ResourceId.Generate(), "brook://localhost/taskmanager_0", -1, 2,
            HardwareDescription.FromMachine(0), new TaskExecutorMemoryConfiguration(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        _taskExecutors.Add(new TE(registration, _resourceManager, TimeSpan.FromMinutes(10), _time));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var te in _taskExecutors) await te.DisposeAsync();
        _resourceManager.Dispose();
    }

    private Dispatcher Dispatcher(int capacity = int.MaxValue, TimeSpan? expiration = null) =>
        new(new Configuration().Set(CoreOptions.JobStoreMaxCapacity, capacity).Set(CoreOptions.JobStoreExpirationTime, expiration ?? TimeSpan.FromHours(1)),
            _resourceManager, id => _taskExecutors.FirstOrDefault(t => t.Id == id), _time);

    private static JobGraphType SmallJob(string name)
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor());
        env.FromElements(1, 2, 3).SinkTo(new ActionSink<int>(_ => { }));
        return JobGraphType.FromStreamGraph(env.GetStreamGraph(name));
    }

    private static async Task<JobId> RunToEndAsync(Dispatcher dispatcher, string name)
    {
        var job = SmallJob(name);
        dispatcher.SubmitJob(job);
        var final = await dispatcher.RequestJobResult(job.JobId)!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.FINISHED, final.Status);
        return job.JobId;
    }

    [Fact]
    public async Task Finished_jobs_beyond_the_capacity_are_dropped_oldest_first()
    {
        await using var dispatcher = Dispatcher(capacity: 1);
        var first = await RunToEndAsync(dispatcher, "first");
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await RunToEndAsync(dispatcher, "second");
        Assert.Null(dispatcher.RequestExecutionGraph(first));
        Assert.Equal(JobStatus.FINISHED, dispatcher.RequestExecutionGraph(second)!.Graph.Status);
        Assert.Equal([second], dispatcher.RequestJobs().Select(j => j.Id));
    }

    [Fact]
    public async Task Finished_jobs_expire_after_the_expiration_time()
    {
        await using var dispatcher = Dispatcher(expiration: TimeSpan.FromSeconds(30));
        var job = await RunToEndAsync(dispatcher, "expiring");
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.NotNull(dispatcher.RequestExecutionGraph(job));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(dispatcher.RequestExecutionGraph(job));
        Assert.Empty(dispatcher.RequestJobs());
    }

    [Fact]
    public async Task Cancellation_answers_for_unknown_finished_and_duplicate_jobs()
    {
        await using var dispatcher = Dispatcher();
        Assert.Equal(JobCancellationOutcome.NotFound, dispatcher.CancelJob(JobId.Generate()).Outcome);
        var job = await RunToEndAsync(dispatcher, "done");
        Assert.Equal(new JobCancellationResult(JobCancellationOutcome.AlreadyTerminal, JobStatus.FINISHED), dispatcher.CancelJob(job));
        var duplicate = SmallJob("again");
        var sameId = new JobGraphType
        {
            JobId = job, Name = duplicate.Name, Vertices = duplicate.Vertices, Configuration = duplicate.Configuration, BufferTimeout = duplicate.BufferTimeout,
        };
        Assert.Throws<DuplicateJobSubmissionException>(() => dispatcher.SubmitJob(sameId));
        // As Flink: a heartbeat reaches only a running job; an ended or unknown one is "not found".
        Assert.False(dispatcher.ReportJobClientHeartbeat(job, 5));
        Assert.False(dispatcher.ReportJobClientHeartbeat(JobId.Generate(), 5));
    }

    [Fact]
    public void The_exception_history_keeps_the_latest_failures_up_to_its_size()
    {
        var errors = Enumerable.Range(0, 5).Select(i => ErrorInfo.From(new InvalidOperationException($"failure {i}"), i)).ToList();
        var graph = new ArchivedExecutionGraph(JobId.Generate(), "job", JobStatus.FAILED, 0, 5, 5, 5, new Dictionary<JobStatus, long>(), [], errors[^1], errors, [], 1);
        Assert.Equal(["failure 3", "failure 4"], JobManager.Dispatcher.BoundExceptionHistory(graph, 2).ExceptionHistory.Select(e => e.Message));
        Assert.Same(graph, JobManager.Dispatcher.BoundExceptionHistory(graph, 16));
    }

    private static JobGraphType UnboundedJob(bool endsWithClient)
    {
        var config = new Configuration();
        if (endsWithClient)
        {
            config.SetRaw(ClientHeartbeatOptions.Attached.Key, "true").SetRaw(ClientHeartbeatOptions.ShutdownOnAttachedExit.Key, "true");
        }
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), config);
        env.FromGenerator(i => i).SinkTo(new ActionSink<long>(_ => { }));
        return JobGraphType.FromStreamGraph(env.GetStreamGraph("unbounded"));
    }

    [Fact]
    public async Task A_job_that_ends_with_its_client_is_cancelled_when_the_heartbeats_stop()
    {
        await using var dispatcher = new Dispatcher(new Configuration()
                .Set(ClientHeartbeatOptions.HeartbeatInterval, TimeSpan.FromSeconds(1)).Set(ClientHeartbeatOptions.HeartbeatTimeout, TimeSpan.FromSeconds(5)),
            _resourceManager, id => _taskExecutors.FirstOrDefault(t => t.Id == id), _time);
        var attached = UnboundedJob(endsWithClient: true);
        var detached = UnboundedJob(endsWithClient: false);
        dispatcher.SubmitJob(attached);
        dispatcher.SubmitJob(detached);

        // Heartbeats keep the attached job alive past the initial timeout.
        for (var i = 0; i < 8; i++)
        {
            Assert.True(dispatcher.ReportJobClientHeartbeat(attached.JobId, _time.GetUtcNow().ToUnixTimeMilliseconds() + 3000));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.False(dispatcher.RequestJobResult(attached.JobId)!.IsCompleted);

        // Without them it is cancelled at the next check; the detached job runs on.
        _time.Advance(TimeSpan.FromSeconds(4));
        var final = await dispatcher.RequestJobResult(attached.JobId)!.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.CANCELED, final.Status);
        Assert.False(dispatcher.RequestJobResult(detached.JobId)!.IsCompleted);
        Assert.Equal(JobCancellationOutcome.Accepted, dispatcher.CancelJob(detached.JobId).Outcome);
        Assert.Equal(JobStatus.CANCELED, (await dispatcher.RequestJobResult(detached.JobId)!.WaitAsync(TimeSpan.FromSeconds(30))).Status);
    }
}
