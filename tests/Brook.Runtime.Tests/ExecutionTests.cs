using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.JobMaster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks;
using Brook.TestSupport;
using Microsoft.Extensions.Time.Testing;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests;

public sealed class ExecutionTests
{
    /// <summary>
    /// A p=1 edge: the ring holds buffers-per-channel plus the floating buffers (one subpartition takes them all), at most
    /// max-buffers-per-channel (10), as a Flink subpartition may queue from its partition's pool.
    /// </summary>
    [Theory]
    [InlineData(0, 2)]
    [InlineData(8, 10)]
    [InlineData(3, 5)]
    public async Task SlowSinkBackpressuresTheSourceWithBoundedBuffering(int floatingBuffers, int ringBuffers)
    {
        const int recordsPerBuffer = 16;
        const int buffersPerChannel = 2;
        // Ring + the producer's buffer waiting to be offered + the consumer's buffer in progress.
        var bound = (ringBuffers + 2) * recordsPerBuffer;
        var conf = new Configuration()
            .Set(JobMasterOptions.RecordsPerBuffer, recordsPerBuffer)
            .Set(JobMasterOptions.BuffersPerChannel, buffersPerChannel)
            .Set(NettyShuffleEnvironmentOptions.FloatingBuffersPerGate, floatingBuffers);
        long generated = 0;
        long consumed = 0;
        long maxLead = 0;
        using var permits = new SemaphoreSlim(0);
        var progress = new ProgressSignal();
        var env = Env.Local(1, conf);
        env.FromGenerator(i =>
            {
                var g = Interlocked.Increment(ref generated);
                progress.Pulse();
                return g;
            })
            .SinkTo(new ActionSink<long>(_ =>
            {
                permits.Wait();
                var c = Interlocked.Increment(ref consumed);
                progress.Pulse();
                var lead = Volatile.Read(ref generated) - c;
                if (lead > Volatile.Read(ref maxLead)) Volatile.Write(ref maxLead, lead);
            }))
            .DisableChaining();
        var job = await env.ExecuteDetachedAsync("backpressure");

        for (var round = 0; round < 10; round++)
        {
            // The source runs ahead until the channel's ring is full, then waits for space; it is woken again once half the
            // ring is free, so the lead never drops below half a ring for long.
            var expected = round == 0 || ringBuffers <= 2 ? ringBuffers : ringBuffers - ringBuffers / 2;
            await Env.Until(progress, () => Volatile.Read(ref generated) - Volatile.Read(ref consumed) >= expected * recordsPerBuffer, "the source filled the channel");
            Assert.InRange(Volatile.Read(ref generated) - Volatile.Read(ref consumed), 0, bound);
            var target = Volatile.Read(ref consumed) + 37;
            permits.Release(37);
            await Env.Until(progress, () => Volatile.Read(ref consumed) == target, "the sink consumed the released records");
        }

        Assert.InRange(Volatile.Read(ref maxLead), 0, bound);
        Assert.InRange(Volatile.Read(ref generated), 370, 370 + bound);
        await job.CancelAsync();
        permits.Release(1_000_000);
        var ex = await Assert.ThrowsAsync<JobExecutionException>(() => job.GetJobExecutionResultAsync().WaitAsync(Env.Timeout));
        Assert.Equal(JobStatus.CANCELED, ex.Status);
    }

    [Fact]
    public async Task CancellingAnUnboundedJobStopsEveryTaskAndFreesAllSlots()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2).Set(CoreOptions.LocalNumberOfTaskManagers, 2));
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetParallelism(3);
        long seen = 0;
        var progress = Env.ClusterProgress(cluster);
        env.FromGenerator(i => i)
            .Map(i => i * 2)
            .KeyBy(i => i % 5)
            .Sum(i => i)
            .SinkTo(new ActionSink<(long, long)>(_ =>
            {
                Interlocked.Increment(ref seen);
                progress.Pulse();
            }));
        var client = await env.ExecuteDetachedAsync("unbounded");
        await Env.Until(progress, () => Volatile.Read(ref seen) > 10_000, "records reached the sink");
        Assert.Equal(JobStatus.RUNNING, await client.GetJobStatusAsync());
        Assert.Equal((4, 1), cluster.ResourceManager.SlotCounts());

        await client.CancelAsync();
        var ex = await Assert.ThrowsAsync<JobExecutionException>(() => client.GetJobExecutionResultAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(JobStatus.CANCELED, ex.Status);
        Assert.Equal((4, 4), cluster.ResourceManager.SlotCounts());
        await Env.Until(progress, () => cluster.TaskExecutors.All(t => t.RunningTasks == 0), "all task threads ended");
        var snapshot = cluster.GetJob(client.JobId)!.Snapshot();
        Assert.All(snapshot.Vertices.SelectMany(v => v.Subtasks), s => Assert.Equal(ExecutionState.CANCELED, s.CurrentExecution.State));
        Assert.True(snapshot.StatusTimestamps.ContainsKey(JobStatus.CANCELLING));
    }

    [Fact]
    public async Task AnExceptionInAMapFailsTheJobWithThatException()
    {
        var env = Env.Local(2);
        env.FromSequence(1, 10_000)
            .Map(i => i == 4242 ? throw new InvalidOperationException("bad record 4242") : i)
            .SinkTo(new ActionSink<long>(_ => { }));

        var ex = await Assert.ThrowsAsync<JobExecutionException>(() => env.ExecuteAsync("failing").WaitAsync(Env.Timeout));

        Assert.Equal(JobStatus.FAILED, ex.Status);
        var cause = Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Equal("bad record 4242", cause.Message);
        Assert.Contains(nameof(AnExceptionInAMapFailsTheJobWithThatException), cause.StackTrace);
    }

    [Fact]
    public async Task TheFailureIsInTheSnapshotAndOtherTasksAreCancelled()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2));
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetParallelism(2);
        env.FromGenerator(i => i).Rebalance().Map(i => i > 5000 ? throw new ArgumentException("too big") : i).SinkTo(new ActionSink<long>(_ => { }));
        var client = await env.ExecuteDetachedAsync("fails");
        await Assert.ThrowsAsync<JobExecutionException>(() => client.GetJobExecutionResultAsync().WaitAsync(Env.Timeout));

        var snapshot = cluster.GetJob(client.JobId)!.Snapshot();
        Assert.Equal(JobStatus.FAILED, snapshot.Status);
        Assert.Equal(typeof(ArgumentException).FullName, snapshot.FailureInfo!.ExceptionType);
        Assert.Contains("too big", snapshot.FailureInfo.StackTrace);
        var states = snapshot.Vertices.SelectMany(v => v.Subtasks).Select(s => s.CurrentExecution.State).ToList();
        Assert.Contains(ExecutionState.FAILED, states);
        Assert.All(states, s => Assert.True(s is ExecutionState.FAILED or ExecutionState.CANCELED));
        Assert.Equal((2, 2), cluster.ResourceManager.SlotCounts());
    }

    [Fact]
    public async Task TooFewSlotsFailsAfterTheSlotRequestTimeoutNamingNeededAndAvailable()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 1).Set(CoreOptions.SlotRequestTimeout, TimeSpan.FromSeconds(30));
        await using var cluster = new MC(conf, time);
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetParallelism(1);
        env.FromSequence(1, 10).Map(i => i).SetParallelism(3).SinkTo(new ActionSink<long>(_ => { }));
        var client = await env.ExecuteDetachedAsync("too wide");

        Assert.Equal(JobStatus.RUNNING, await client.GetJobStatusAsync());
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(client.GetJobExecutionResultAsync().IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<JobExecutionException>(() => client.GetJobExecutionResultAsync().WaitAsync(Env.Timeout));
        Assert.Equal(JobStatus.FAILED, ex.Status);
        var cause = Assert.IsType<NoResourceAvailableException>(ex.InnerException);
        Assert.Contains("needs 3 slots", cause.Message);
        Assert.Contains("only 1 of 1 slots were available", cause.Message);
    }

    [Fact]
    public async Task LosingATaskManagerFailsItsJobs()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2), time);
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetParallelism(2);
        long seen = 0;
        var progress = Env.ClusterProgress(cluster);
        env.FromGenerator(i => i).Rebalance().SinkTo(new ActionSink<long>(_ =>
        {
            Interlocked.Increment(ref seen);
            progress.Pulse();
        }));
        var client = await env.ExecuteDetachedAsync("on a dying TaskManager");
        await Env.Until(progress, () => Volatile.Read(ref seen) > 1000, "the job runs");

        cluster.TaskExecutors[0].StopHeartbeats();
        for (var i = 0; i < 6; i++) time.Advance(TimeSpan.FromSeconds(10));

        var ex = await Assert.ThrowsAsync<JobExecutionException>(() => client.GetJobExecutionResultAsync().WaitAsync(Env.Timeout));
        Assert.Equal(JobStatus.FAILED, ex.Status);
        Assert.Contains("was lost", ex.InnerException!.Message);
        await Env.Until(progress, () => cluster.TaskExecutors[0].RunningTasks == 0, "the lost TaskManager's tasks stopped");
    }

    [Fact]
    public async Task AJobWaitsForSlotsThatAnotherJobFrees()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 1));
        var first = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster));
        first.FromGenerator(i => i).SinkTo(new ActionSink<long>(_ => { }));
        var c1 = await first.ExecuteDetachedAsync("first");
        var second = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster));
        var sink = new CollectSink<long>();
        second.FromSequence(1, 100).SinkTo(sink);
        var c2 = await second.ExecuteDetachedAsync("second");
        Assert.False(c2.GetJobExecutionResultAsync().IsCompleted);

        await c1.CancelAsync();
        await c2.GetJobExecutionResultAsync().WaitAsync(Env.Timeout);
        Assert.Equal(100, sink.Records.Count);
    }

    [Fact]
    public async Task AccumulatorsAndRuntimeContextReachTheResult()
    {
        var env = Env.Local(3);
        env.FromSequence(1, 3000).Map(new CountingMap()).SinkTo(new ActionSink<long>(_ => { }));

        var result = await env.ExecuteAsync("accumulators").WaitAsync(Env.Timeout);

        Assert.Equal(3000, result.GetAccumulatorResult<long>("records"));
        Assert.Equal(3, result.GetAccumulatorResult<int>("subtasks"));
        var histogram = result.GetAccumulatorResult<IReadOnlyDictionary<int, int>>("by subtask");
        Assert.Equal([0, 1, 2], histogram.Keys.Order());
        Assert.Equal(3000, histogram.Values.Sum());
        Assert.True(result.NetRuntime > TimeSpan.Zero);
    }

    private sealed class CountingMap : RichMapFunction<long, long>
    {
        private long _local;

        public override void Open()
        {
            Assert.Equal(3, RuntimeContext.NumberOfParallelSubtasks);
            Assert.Equal(0, RuntimeContext.AttemptNumber);
            Assert.StartsWith("Source: Sequence -> Map", RuntimeContext.TaskName);
            RuntimeContext.GetIntCounter("subtasks").Add(1);
        }

        public override long Map(long value)
        {
            _local++;
            RuntimeContext.GetLongCounter("records").Add(1);
            RuntimeContext.GetHistogram("by subtask").Add(RuntimeContext.IndexOfThisSubtask);
            return value;
        }

        // Each subtask reads its own third of the sequence.
        public override void Close() => Assert.Equal(1000, _local);
    }
}
