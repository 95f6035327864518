using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.Partitions;
using Brook.Runtime.Tests.Failover;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.TestSupport;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.Batch;

/// <summary>In a BATCH job exchanges are blocking: consumers run only after their producers finished, from partitions kept on the TaskManagers.</summary>
public sealed class BlockingSchedulingTests
{
    private static StreamExecutionEnvironment Plan(int parallelism, RuntimeExecutionMode mode) =>
        StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(parallelism).SetRuntimeMode(mode);

    private static ArchivedExecutionJobVertex Vertex(ArchivedExecutionGraph g, string name) => g.Vertices.Single(v => v.Name.Contains(name, StringComparison.Ordinal));

    [Fact]
    public void BatchExchangesAreBlockingAndStreamingOnesPipelined()
    {
        foreach (var (mode, expected) in new[] { (RuntimeExecutionMode.BATCH, ResultPartitionType.BLOCKING), (RuntimeExecutionMode.STREAMING, ResultPartitionType.PIPELINED) })
        {
            var env = Plan(2, mode);
            env.FromSequence(1, 10).Rebalance().Map(x => x + 1).SinkTo(new CollectSink<long>());
            var graph = JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph());
            Assert.Equal(expected, Assert.Single(graph.Edges).PartitionType);
        }
    }

    [Fact]
    public async Task ConsumersStayCreatedWhileTheirProducersRunAndReadTheWholeResultAfterwards()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2));
        using var gate = new ManualResetEventSlim(false);
        var produced = 0L;
        var progress = new ProgressSignal();
        var sink = new CollectSink<long>();
        var env = Plan(2, RuntimeExecutionMode.BATCH);
        env.FromSequence(1, 5000)
            .Map(x =>
            {
                Interlocked.Increment(ref produced);
                progress.Pulse();
                gate.Wait();
                return x;
            }).Name("Producer")
            .KeyBy(x => x % 7)
            .Map(x => x * 10).Name("Consumer")
            .SinkTo(sink);
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("stages")));

        await progress.UntilAsync(() => Interlocked.Read(ref produced) >= 2, "both producer subtasks run", Env.Timeout);
        var running = job.Snapshot();
        Assert.All(Vertex(running, "Producer").Subtasks, s => Assert.Equal(ExecutionState.RUNNING, s.CurrentExecution.State));
        Assert.All(Vertex(running, "Consumer").Subtasks, s => Assert.Equal(ExecutionState.CREATED, s.CurrentExecution.State));
        Assert.Empty(sink.Records);
        gate.Set();

        var result = await job.ResultTask.WaitAsync(Env.Timeout);
        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.Equal(Enumerable.Range(1, 5000).Select(i => i * 10L), sink.Values.Order());
        var done = job.Snapshot();
        var producersEnd = Vertex(done, "Producer").Subtasks.Max(s => s.CurrentExecution.StateTimestamps[ExecutionState.FINISHED]);
        Assert.All(Vertex(done, "Consumer").Subtasks, s => Assert.True(s.CurrentExecution.StateTimestamps[ExecutionState.DEPLOYING] >= producersEnd));
        // The job's blocking partitions are released with it.
        Assert.All(cluster.TaskExecutors, te => Assert.Equal(0, te.StoredPartitionBytes));
    }

    [Fact]
    public async Task AResultIsReleasedOnceItsConsumerStageFinished()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2));
        using var gate = new ManualResetEventSlim(false);
        var lastStage = 0L;
        var progress = new ProgressSignal();
        var sink = new CollectSink<long>();
        var env = Plan(2, RuntimeExecutionMode.BATCH);
        env.FromSequence(1, 4000).Rebalance().Map(x => x + 1).Name("Second").Rebalance()
            .Map(x =>
            {
                if (Interlocked.Increment(ref lastStage) == 1) progress.Pulse();
                gate.Wait();
                return x;
            }).Name("Third")
            .SinkTo(sink);
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("three stages")));

        await progress.UntilAsync(() => Interlocked.Read(ref lastStage) >= 1, "the third stage runs", Env.Timeout);
        // The first exchange (read by the finished second stage) is released; only the second one's two partitions are kept.
        Assert.Equal(2, cluster.TaskExecutors.Sum(te => te.StoredPartitions));
        Assert.True(cluster.TaskExecutors.Sum(te => te.StoredPartitionBytes) >= 4000 * 16);
        gate.Set();
        Assert.Equal(JobStatus.FINISHED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
        Assert.Equal(4000, sink.Values.Count);
        Assert.Equal(0, cluster.TaskExecutors.Sum(te => te.StoredPartitions));
    }

    [Fact]
    public async Task AFailedConsumerStageRestartsAloneAndRereadsItsBlockingInput()
    {
        await using var cluster = new MC(new Configuration()
            .Set(CoreOptions.NumberOfTaskSlots, 2)
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "1")
            .SetRaw("restart-strategy.fixed-delay.delay", "0 ms"));
        var sourceRuns = 0L;
        var sink = new AttemptSink<long>();
        var env = Plan(2, RuntimeExecutionMode.BATCH);
        env.FromSequence(1, 3000)
            .Map(x =>
            {
                Interlocked.Increment(ref sourceRuns);
                return x;
            }).Name("Producer")
            .Rebalance()
            .Map(new PoisonedMap(1234)).Name("Poisoned consumer")
            .SinkTo(sink);
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("consumer fails")));

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => (long)i), sink.LatestOutput.Order());
        // Region failover: the producer stage ran once; the consumer stage read the kept partitions again.
        Assert.Equal(3000, Interlocked.Read(ref sourceRuns));
        var snapshot = job.Snapshot();
        Assert.All(Vertex(snapshot, "Producer").Subtasks, s => Assert.Equal(0, s.CurrentExecution.AttemptNumber));
        Assert.All(Vertex(snapshot, "Poisoned consumer").Subtasks, s => Assert.Equal(1, s.CurrentExecution.AttemptNumber));
    }

    [Fact]
    public async Task ALostTaskManagerRestartsTheProducersWhosePartitionsItHeld()
    {
        await using var cluster = new MC(new Configuration()
            .Set(CoreOptions.NumberOfTaskSlots, 1)
            .Set(CoreOptions.LocalNumberOfTaskManagers, 3)
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "2")
            .SetRaw("restart-strategy.fixed-delay.delay", "0 ms"));
        using var gate = new ManualResetEventSlim(false);
        var produced = 0L;
        var sink = new AttemptSink<long>();
        var env = Plan(2, RuntimeExecutionMode.BATCH);
        env.FromSequence(1, 2000)
            .Map(x =>
            {
                Interlocked.Increment(ref produced);
                return x;
            }).Name("Producer")
            .Rebalance()
            .Map(new GatedOnFirstAttempt(gate)).Name("Consumer")
            .SinkTo(sink);
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("loses a TaskManager")));
        var progress = Env.ClusterProgress(cluster, job);
        await progress.UntilAsync(() => Vertex(job.Snapshot(), "Consumer").Subtasks.All(s => s.CurrentExecution.State == ExecutionState.RUNNING),
            "the consumer stage runs", Env.Timeout);
        Assert.Equal(2000, Interlocked.Read(ref produced));

        var holder = Vertex(job.Snapshot(), "Producer").Subtasks[0].CurrentExecution.TaskManagerId;
        await cluster.TaskExecutors.Single(te => te.Id == holder).DisposeAsync();
        gate.Set();

        Assert.Equal(JobStatus.FINISHED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), sink.LatestOutput.Order());
        // The producer's partition went with its TaskManager, so the producer stage ran again.
        Assert.Equal(4000, Interlocked.Read(ref produced));
        Assert.All(Vertex(job.Snapshot(), "Producer").Subtasks, s => Assert.True(s.CurrentExecution.AttemptNumber >= 1));
    }

    private sealed class GatedOnFirstAttempt(ManualResetEventSlim gate) : Streaming.Functions.RichMapFunction<long, long>
    {
        public override long Map(long value)
        {
            if (RuntimeContext.AttemptNumber == 0) gate.Wait();
            return value;
        }
    }

    [Fact]
    public async Task AFailedProducerStageRestartsWithItsConsumersUnderFullFailover()
    {
        await using var cluster = new MC(new Configuration()
            .Set(CoreOptions.NumberOfTaskSlots, 2)
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "1")
            .SetRaw("restart-strategy.fixed-delay.delay", "0 ms")
            .SetRaw("jobmanager.execution.failover-strategy", "full"));
        var sink = new AttemptSink<long>();
        var env = Plan(2, RuntimeExecutionMode.BATCH);
        env.FromSequence(1, 3000).Map(new PoisonedMap(2900)).Name("Poisoned producer").Rebalance().Map(x => x + 1).Name("Consumer").SinkTo(sink);
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("producer fails")));

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.Equal(Enumerable.Range(2, 3000).Select(i => (long)i), sink.LatestOutput.Order());
        // The consumer never ran before the restart: its first attempt was cancelled while still CREATED, never deployed.
        var consumer = Vertex(job.Snapshot(), "Consumer");
        Assert.Equal(0, sink.Count(0));
        Assert.All(consumer.Subtasks, s => Assert.False(Assert.Single(s.PriorExecutions).StateTimestamps.ContainsKey(ExecutionState.DEPLOYING)));
    }
}
