using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.ExecutionGraph;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Microsoft.Extensions.Time.Testing;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.Failover;

/// <summary>Lost TaskManagers: their tasks restart on other slots, waiting for free slots up to slot.request.timeout.</summary>
public sealed class TaskManagerLossTests
{
    private static Configuration Restarting(int attempts, int taskManagers, int slots) => new Configuration()
        .SetRaw("restart-strategy.type", "fixed-delay")
        .SetRaw("restart-strategy.fixed-delay.attempts", attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .SetRaw("restart-strategy.fixed-delay.delay", "0 ms")
        .Set(CoreOptions.LocalNumberOfTaskManagers, taskManagers)
        .Set(CoreOptions.NumberOfTaskSlots, slots);

    private static JobMaster.JobMaster Submit(MC cluster, int parallelism, AttemptSink<long> sink, string name)
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(parallelism);
        env.FromGenerator(i => i).Rebalance().SinkTo(sink);
        return cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph(name)));
    }

    private static IEnumerable<ArchivedExecution> Current(JobMaster.JobMaster job) =>
        job.Snapshot().Vertices.SelectMany(v => v.Subtasks).Select(s => s.CurrentExecution);

    [Fact]
    public async Task ATaskManagerWhoseHeartbeatTimedOutLosesItsTasksToTheOtherTaskManager()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(Restarting(1, 2, 2), time);
        var sink = new AttemptSink<long>();
        var job = Submit(cluster, 2, sink, "heartbeat timeout");
        var progress = Env.ClusterProgress(cluster, job);
        await Env.Until(sink.Progress, () => sink.Count(0) > 5000, "the first attempts run");
        var silent = cluster.TaskExecutors[0];

        silent.StopHeartbeats();
        for (var i = 0; i < 6; i++) time.Advance(TimeSpan.FromSeconds(10));
        await Env.Until(sink.Progress, () => sink.Count(1) > 5000, "the new attempts run");
        await Env.Until(progress, () => job.Status == JobStatus.RUNNING && silent.RunningTasks == 0, "the job runs again and the silent TaskManager's tasks stopped");

        Assert.All(Current(job), e =>
        {
            Assert.Equal(1, e.AttemptNumber);
            Assert.Equal(cluster.TaskExecutors[1].Id, e.TaskManagerId);
        });
        Assert.Contains("heartbeat of TaskManager", Assert.Single(job.Snapshot().ExceptionHistory).Message);
        job.Cancel();
        Assert.Equal(JobStatus.CANCELED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
    }

    [Fact]
    public async Task ARestartWaitsForFreeSlotsAndDeploysWhenAnotherJobFreesOne()
    {
        await using var cluster = new MC(Restarting(1, 3, 1));
        var sink = new AttemptSink<long>();
        var job = Submit(cluster, 2, sink, "needs a slot");
        var blocker = Submit(cluster, 1, new AttemptSink<long>(), "holds the last slot");
        var progress = Env.ClusterProgress(cluster, job, blocker);
        await Env.Until(sink.Progress, () => sink.Count(0) > 1000, "the first attempts run");
        var lostId = Current(job).Select(e => e.TaskManagerId).Distinct().Last();

        await cluster.TaskExecutors.Single(t => t.Id == lostId).DisposeAsync();
        await Env.Until(progress, () => job.Status == JobStatus.RESTARTING && Current(job).All(e => e.EndTime >= 0), "the job waits for a slot");
        Assert.All(Current(job), e => Assert.Equal(0, e.AttemptNumber));

        blocker.Cancel();
        await Env.Until(sink.Progress, () => sink.Count(1) > 1000, "the new attempts run on the freed slot");

        Assert.Equal(JobStatus.RUNNING, job.Status);
        Assert.DoesNotContain(lostId, Current(job).Select(e => e.TaskManagerId));
        job.Cancel();
        Assert.Equal(JobStatus.CANCELED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
    }

    [Fact]
    public async Task ARestartThatFindsNoSlotWithinTheTimeoutTriesAgainWhileAttemptsAreLeft()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(Restarting(2, 3, 1).Set(CoreOptions.SlotRequestTimeout, TimeSpan.FromSeconds(30)), time);
        var sink = new AttemptSink<long>();
        var job = Submit(cluster, 2, sink, "waits twice");
        var blocker = Submit(cluster, 1, new AttemptSink<long>(), "holds the last slot");
        var progress = Env.ClusterProgress(cluster, job, blocker);
        await Env.Until(sink.Progress, () => sink.Count(0) > 1000, "the first attempts run");
        var lostId = Current(job).Select(e => e.TaskManagerId).Distinct().Last();

        await cluster.TaskExecutors.Single(t => t.Id == lostId).DisposeAsync();
        await Env.Until(progress, () => job.Status == JobStatus.RESTARTING && Current(job).All(e => e.EndTime >= 0), "the job waits for a slot");
        time.Advance(TimeSpan.FromSeconds(30));
        await Env.Until(progress, () => job.Snapshot().ExceptionHistory.Count == 2, "the slot timeout was a second failure");
        Assert.Equal(JobStatus.RESTARTING, job.Status);
        Assert.Equal(typeof(JobMaster.NoResourceAvailableException).FullName, job.Snapshot().ExceptionHistory[1].ExceptionType);

        blocker.Cancel();
        await Env.Until(sink.Progress, () => sink.Count(1) > 1000, "the new attempts run on the freed slot");

        Assert.Equal(JobStatus.RUNNING, job.Status);
        job.Cancel();
        Assert.Equal(JobStatus.CANCELED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
    }

    [Fact]
    public async Task ARestartThatFindsNoSlotWithinTheTimeoutFailsTheJobWhenNoAttemptIsLeft()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(Restarting(1, 2, 1).Set(CoreOptions.SlotRequestTimeout, TimeSpan.FromSeconds(30)), time);
        var sink = new AttemptSink<long>();
        var job = Submit(cluster, 2, sink, "no slot");
        var progress = Env.ClusterProgress(cluster, job);
        await Env.Until(sink.Progress, () => sink.Count(0) > 1000, "the first attempts run");

        await cluster.TaskExecutors[1].DisposeAsync();
        await Env.Until(progress, () => job.Status == JobStatus.RESTARTING && Current(job).All(e => e.EndTime >= 0), "the job waits for a slot");
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(JobStatus.RESTARTING, job.Status);
        time.Advance(TimeSpan.FromSeconds(1));

        var result = await job.ResultTask.WaitAsync(Env.Timeout);
        Assert.Equal(JobStatus.FAILED, result.Status);
        Assert.Contains("only 0 of 1 slots were available", Assert.IsType<JobMaster.NoResourceAvailableException>(result.Failure).Message);
        Assert.Equal(2, job.Snapshot().ExceptionHistory.Count);
    }
}
