using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.ExecutionGraph;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.TestSupport;
using Microsoft.Extensions.Time.Testing;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.Failover;

/// <summary>Failed tasks and lost TaskManagers are recovered by restarting new attempts, as the restart and failover strategies say.</summary>
public sealed class FailoverTests
{
    private static Configuration FixedDelay(int attempts, string delay = "0 ms", string failover = "region") => new Configuration()
        .SetRaw("restart-strategy.type", "fixed-delay")
        .SetRaw("restart-strategy.fixed-delay.attempts", attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .SetRaw("restart-strategy.fixed-delay.delay", delay)
        .SetRaw("jobmanager.execution.failover-strategy", failover);

    private static (JobMaster.JobMaster Job, ProgressSignal Progress) Submit(MC cluster, StreamExecutionEnvironment env, string name)
    {
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph(name)));
        return (job, Env.ClusterProgress(cluster, job));
    }

    private static StreamExecutionEnvironment Plan(int parallelism) =>
        StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(parallelism);

    private static IEnumerable<ArchivedExecutionVertex> Subtasks(ArchivedExecutionGraph g) => g.Vertices.SelectMany(v => v.Subtasks);

    [Fact]
    public async Task AFailedTaskRestartsAsANewAttemptAndTheJobFinishesWithCompleteOutput()
    {
        await using var cluster = new MC(FixedDelay(1, "10 ms").Set(CoreOptions.NumberOfTaskSlots, 2));
        var sink = new AttemptSink<long>();
        var env = Plan(2);
        env.FromSequence(1, 2000).Map(new PoisonedMap(1500)).Name("Poisoned map").SinkTo(sink);
        var (job, _) = Submit(cluster, env, "restarts once");

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), sink.LatestOutput.Order());
        var snapshot = job.Snapshot();
        Assert.All(Subtasks(snapshot), s =>
        {
            Assert.Equal(1, s.CurrentExecution.AttemptNumber);
            Assert.Equal(ExecutionState.FINISHED, s.CurrentExecution.State);
            Assert.Equal(0, Assert.Single(s.PriorExecutions).AttemptNumber);
        });
        var failed = Assert.Single(Subtasks(snapshot).SelectMany(s => s.PriorExecutions), e => e.State == ExecutionState.FAILED);
        Assert.Contains("Record 1500 is poisoned (attempt 0)", failed.Failure!.Message);
        var entry = Assert.Single(snapshot.ExceptionHistory);
        Assert.Equal(typeof(PoisonedRecordException).FullName, entry.ExceptionType);
        Assert.Contains("Poisoned map", entry.TaskName);
        Assert.Equal(failed.TaskManagerId, entry.TaskManagerId);
        Assert.True(snapshot.StatusTimestamps[JobStatus.RESTARTING] >= snapshot.StatusTimestamps[JobStatus.CREATED]);
        Assert.True(snapshot.StatusTimestamps[JobStatus.RUNNING] >= snapshot.StatusTimestamps[JobStatus.RESTARTING]);
        Assert.Equal((2, 2), cluster.ResourceManager.SlotCounts());
    }

    [Fact]
    public async Task TheJobWaitsInRestartingForTheBackoffOnTheTimeProvider()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(FixedDelay(1, "10 s"), time);
        var sink = new AttemptSink<long>();
        var env = Plan(1);
        env.FromSequence(1, 100).Map(new PoisonedMap(50)).SinkTo(sink);
        var (job, progress) = Submit(cluster, env, "backoff");

        await Env.Until(progress, () => job.Status == JobStatus.RESTARTING && Subtasks(job.Snapshot()).All(s => s.CurrentExecution.EndTime >= 0),
            "the failed attempt ended and the job waits to restart");
        time.Advance(TimeSpan.FromMilliseconds(9999));
        Assert.Equal(JobStatus.RESTARTING, job.Status);
        Assert.All(Subtasks(job.Snapshot()), s => Assert.Equal(0, s.CurrentExecution.AttemptNumber));

        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), sink.LatestOutput.Order());
        var restarting = job.Snapshot().StatusTimestamps[JobStatus.RESTARTING];
        Assert.Equal(10_000, job.Snapshot().StatusTimestamps[JobStatus.RUNNING] - restarting);
    }

    [Fact]
    public async Task WhenTheStrategyGivesUpTheJobFailsWithTheLastCause()
    {
        await using var cluster = new MC(FixedDelay(2));
        var env = Plan(1);
        env.FromSequence(1, 100).Map(new PoisonedMap(50, healthyFromAttempt: int.MaxValue)).SinkTo(new ActionSink<long>(_ => { }));
        var (job, _) = Submit(cluster, env, "gives up");

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FAILED, result.Status);
        Assert.Contains("(attempt 2)", Assert.IsType<PoisonedRecordException>(result.Failure).Message);
        var snapshot = job.Snapshot();
        Assert.Equal(3, snapshot.ExceptionHistory.Count);
        Assert.Equal(["Record 50 is poisoned (attempt 0).", "Record 50 is poisoned (attempt 1).", "Record 50 is poisoned (attempt 2)."],
            snapshot.ExceptionHistory.Select(e => e.Message));
        var subtask = Assert.Single(Subtasks(snapshot));
        Assert.Equal([0, 1], subtask.PriorExecutions.Select(e => e.AttemptNumber));
        Assert.Equal(2, subtask.CurrentExecution.AttemptNumber);
        Assert.Contains("(attempt 2)", snapshot.FailureInfo!.Message);
        Assert.False(snapshot.StatusTimestamps.ContainsKey(JobStatus.FINISHED));
        Assert.True(snapshot.StatusTimestamps.ContainsKey(JobStatus.FAILING));
    }

    [Fact]
    public async Task AJobThatKeepsRestartingKeepsOnlyTheLatestAttemptsAndFailures()
    {
        await using var cluster = new MC(FixedDelay(20)
            .SetRaw("jobmanager.execution.attempts-history-size", "3")
            .SetRaw("web.exception-history-size", "5"));
        var env = Plan(1);
        env.FromSequence(1, 10).Map(new PoisonedMap(5, healthyFromAttempt: 20)).SinkTo(new ActionSink<long>(_ => { }));
        var (job, _) = Submit(cluster, env, "restarts 20 times");

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        var snapshot = job.Snapshot();
        var subtask = Assert.Single(Subtasks(snapshot));
        Assert.Equal(20, subtask.CurrentExecution.AttemptNumber);
        Assert.Equal([17, 18, 19], subtask.PriorExecutions.Select(e => e.AttemptNumber));
        Assert.Equal(Enumerable.Range(15, 5).Select(i => $"Record 5 is poisoned (attempt {i})."), snapshot.ExceptionHistory.Select(e => e.Message));
    }

    [Fact]
    public async Task WithCheckpointingTheDefaultIsExponentialDelayStartingAtOneSecond()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(new Configuration(), time);
        var env = Plan(1);
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        env.FromSequence(1, 100).Map(new PoisonedMap(50)).SinkTo(new ActionSink<long>(_ => { }));
        var (job, progress) = Submit(cluster, env, "checkpointed");

        await Env.Until(progress, () => job.Status == JobStatus.RESTARTING && Subtasks(job.Snapshot()).All(s => s.CurrentExecution.EndTime >= 0),
            "the failed attempt ended and the job waits to restart");
        // The initial backoff of 1 s with the default jitter of 0.1: between 0.9 s and 1.1 s.
        time.Advance(TimeSpan.FromMilliseconds(899));
        Assert.Equal(JobStatus.RESTARTING, job.Status);
        time.Advance(TimeSpan.FromMilliseconds(201));

        Assert.Equal(JobStatus.FINISHED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
    }

    [Fact]
    public async Task CancellingARestartingJobDropsThePendingRestart()
    {
        await using var cluster = new MC(FixedDelay(1, "1 h"));
        var env = Plan(1);
        env.FromSequence(1, 100).Map(new PoisonedMap(50)).SinkTo(new ActionSink<long>(_ => { }));
        var (job, progress) = Submit(cluster, env, "cancelled while restarting");
        await Env.Until(progress, () => job.Status == JobStatus.RESTARTING && Subtasks(job.Snapshot()).All(s => s.CurrentExecution.EndTime >= 0),
            "the job waits to restart");

        job.Cancel();

        Assert.Equal(JobStatus.CANCELED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
        Assert.All(Subtasks(job.Snapshot()), s => Assert.Equal(0, s.CurrentExecution.AttemptNumber));
        Assert.Equal((1, 1), cluster.ResourceManager.SlotCounts());
    }

    [Fact]
    public async Task WithoutARestartStrategyAFailureStillFailsTheJob()
    {
        await using var cluster = new MC();
        var env = Plan(1);
        env.FromSequence(1, 100).Map(new PoisonedMap(50)).SinkTo(new ActionSink<long>(_ => { }));
        var (job, _) = Submit(cluster, env, "no restarts");

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FAILED, result.Status);
        Assert.False(job.Snapshot().StatusTimestamps.ContainsKey(JobStatus.RESTARTING));
        Assert.Empty(Assert.Single(Subtasks(job.Snapshot())).PriorExecutions);
    }

    [Theory]
    [InlineData("region", 0)]
    [InlineData("full", 1)]
    public async Task RegionFailoverRestartsOnlyTheFailedPipelineAndFullRestartsAll(string failover, int otherPipelineAttempt)
    {
        await using var cluster = new MC(FixedDelay(1, failover: failover));
        var failing = new AttemptSink<long>();
        var other = new AttemptSink<long>();
        var env = Plan(1);
        env.FromSequence(1, 1000).Map(new PoisonedMap(500)).Name("Failing pipeline").SinkTo(failing);
        env.FromSequence(1, 10).Map(i => i).Name("Other pipeline").SinkTo(other);
        var (job, _) = Submit(cluster, env, failover);

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        var vertices = job.Snapshot().Vertices;
        Assert.Equal(1, vertices.Single(v => v.Name.Contains("Failing pipeline")).Subtasks[0].CurrentExecution.AttemptNumber);
        Assert.Equal(otherPipelineAttempt, vertices.Single(v => v.Name.Contains("Other pipeline")).Subtasks[0].CurrentExecution.AttemptNumber);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), failing.LatestOutput.Order());
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), other.LatestOutput.Order());
    }

    [Fact]
    public async Task ExponentialDelayMergesFailuresOfTwoRegionsIntoOneRestartAttempt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(new Configuration()
            .SetRaw("restart-strategy.type", "exponential-delay")
            .SetRaw("restart-strategy.exponential-delay.initial-backoff", "10 s")
            .SetRaw("restart-strategy.exponential-delay.jitter-factor", "0")
            .SetRaw("restart-strategy.exponential-delay.attempts-before-reset-backoff", "1"), time);
        var env = Plan(1);
        env.FromSequence(1, 100).Map(new PoisonedMap(50)).Name("First").SinkTo(new ActionSink<long>(_ => { }));
        env.FromSequence(1, 100).Map(new PoisonedMap(60)).Name("Second").SinkTo(new ActionSink<long>(_ => { }));
        var (job, progress) = Submit(cluster, env, "two regions fail");

        await Env.Until(progress, () => job.Snapshot().ExceptionHistory is [{ ConcurrentExceptions.Count: 1 }] && Subtasks(job.Snapshot()).All(s => s.CurrentExecution.EndTime >= 0),
            "both regions failed and wait for the one restart");
        Assert.Equal(JobStatus.RESTARTING, job.Status);
        time.Advance(TimeSpan.FromSeconds(10));
        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.All(Subtasks(job.Snapshot()), s => Assert.Equal(1, s.CurrentExecution.AttemptNumber));
        var entry = Assert.Single(job.Snapshot().ExceptionHistory);
        Assert.Equal(["First", "Second"], new[] { entry.TaskName!, entry.ConcurrentExceptions[0].TaskName! }.Select(n => n.Contains("First") ? "First" : "Second").Order());
    }

    [Fact]
    public async Task AStoppedTaskExecutorsTasksRestartOnAnotherTaskExecutorsSlots()
    {
        await using var cluster = new MC(FixedDelay(1).Set(CoreOptions.NumberOfTaskSlots, 2).Set(CoreOptions.LocalNumberOfTaskManagers, 2));
        var sink = new AttemptSink<long>();
        var env = Plan(2);
        env.FromGenerator(i => i).Rebalance().SinkTo(sink);
        var (job, progress) = Submit(cluster, env, "survives a TaskManager");
        await Env.Until(sink.Progress, () => sink.Count(0) > 1000, "the first attempts run");
        var placement = Subtasks(job.Snapshot()).Select(s => s.CurrentExecution.TaskManagerId).Distinct().ToList();
        Assert.Equal(2, placement.Count);
        var stopped = cluster.TaskExecutors.Single(t => t.Id == placement[1]);
        var survivor = cluster.TaskExecutors.Single(t => t.Id == placement[0]);

        await stopped.DisposeAsync();
        await Env.Until(sink.Progress, () => sink.Count(1) > 1000, "the new attempts run");
        await Env.Until(progress, () => job.Status == JobStatus.RUNNING, "the job runs again");

        var snapshot = job.Snapshot();
        Assert.All(Subtasks(snapshot), s =>
        {
            Assert.Equal(1, s.CurrentExecution.AttemptNumber);
            Assert.Equal(survivor.Id, s.CurrentExecution.TaskManagerId);
        });
        var lost = Subtasks(snapshot).SelectMany(s => s.PriorExecutions).Where(e => e.TaskManagerId == stopped.Id).ToList();
        Assert.NotEmpty(lost);
        var entry = Assert.Single(snapshot.ExceptionHistory);
        Assert.Contains($"TaskManager {stopped.Id} was lost", entry.Message);
        Assert.Equal(stopped.Id, entry.TaskManagerId);
        job.Cancel();
        Assert.Equal(JobStatus.CANCELED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
    }
}
