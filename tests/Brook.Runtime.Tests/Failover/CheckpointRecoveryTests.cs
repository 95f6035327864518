using System.Runtime.CompilerServices;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Functions;
using Brook.Streaming.Sources;
using Brook.Streaming.State;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.Failover;

/// <summary>A restart after a completed checkpoint restores it: the new attempts continue from the checkpointed state and source positions.</summary>
public sealed class CheckpointRecoveryTests
{
    private const int Keys = 5;

    [Theory]
    [InlineData("region")]
    [InlineData("full")]
    public async Task TheRestartedAttemptsContinueEveryKeysSumFromTheLatestCheckpoint(string failover)
    {
        var conf = new Configuration()
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.delay", "0 ms")
            .SetRaw("jobmanager.execution.failover-strategy", failover)
            .Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MC(conf);
        var sink = new AttemptSink<(long Key, long Sum)>();
        var armed = new StrongBox<bool>();
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        env.FromSource(new DataGeneratorSource<long>(i => i + 1, long.MaxValue, 20_000), "Numbers", 1)
            .Map(new FailWhenArmed(armed)).SetParallelism(1)
            .KeyBy(v => v % Keys)
            .Process(new RollingSum(Keys))
            .SinkTo(sink);
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("restores")));

        await Env.Until(sink.Progress, () => sink.Count(0) >= 1000, "the job produced output");
        var checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(Env.Timeout);
        Volatile.Write(ref armed.Value, true);
        await Env.Until(sink.Progress, () => sink.Records.Where(r => r.Attempt == 1).GroupBy(r => r.Value.Key).Count(g => g.Count() >= 100) == Keys,
            "the restarted attempts produced output for every key");
        job.Cancel();
        await job.ResultTask.WaitAsync(Env.Timeout);

        var history = Assert.Single(job.Snapshot().ExceptionHistory);
        Assert.StartsWith("Injected failure", history.Message);
        Assert.Same(checkpoint, job.CheckpointCoordinator.LatestCompletedCheckpoint);
        AssertRestartedSumsContinueFromTheCheckpoint(sink.Records.Where(r => r.Attempt == 1).Select(r => r.Value).ToList());
    }

    [Fact]
    public async Task AManualCheckpointOfAJobWithoutAnIntervalHoldsTheRollingSumsAndTheRestartContinuesThem()
    {
        var conf = new Configuration()
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.delay", "0 ms")
            .Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MC(conf);
        var sink = new AttemptSink<(long Key, long Sum)>();
        var armed = new StrongBox<bool>();
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
        env.FromSource(new DataGeneratorSource<long>(i => i + 1, long.MaxValue, 20_000), "Numbers", 1)
            .Map(new FailWhenArmed(armed)).SetParallelism(1)
            .KeyBy(v => v % Keys)
            .Sum(v => v)
            .SinkTo(sink);
        var job = cluster.SubmitJob(JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("manual")));

        await Env.Until(sink.Progress, () => sink.Count(0) >= 1000, "the job produced output");
        Assert.Empty(job.CheckpointCoordinator.Statistics);
        var checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(Env.Timeout);
        Volatile.Write(ref armed.Value, true);
        await Env.Until(sink.Progress, () => sink.Records.Where(r => r.Attempt == 1).GroupBy(r => r.Value.Key % Keys).Count(g => g.Count() >= 100) == Keys,
            "the restarted attempts produced output for every key");
        job.Cancel();
        await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Same(checkpoint, job.CheckpointCoordinator.LatestCompletedCheckpoint);
        AssertRestartedSumsContinueFromTheCheckpoint(sink.Records.Where(r => r.Attempt == 1).Select(r => r.Value).ToList());
    }

    /// <summary>
    /// Each key's sums from the restarted attempts continue the uninterrupted sequence of its prefix sums without a gap
    /// or a repeat, from where the checkpoint left it, not from the start.
    /// </summary>
    private static void AssertRestartedSumsContinueFromTheCheckpoint(List<(long Key, long Sum)> restarted)
    {
        foreach (var key in Enumerable.Range(0, Keys))
        {
            var actual = restarted.Where(r => r.Key == key).Select(r => r.Sum).ToList();
            Assert.NotEmpty(actual);
            var prefixSums = PrefixSums(key).GetEnumerator();
            var skipped = 0;
            while (prefixSums.MoveNext() && prefixSums.Current < actual[0]) skipped++;
            Assert.True(skipped > 0, $"key {key} restarted from scratch");
            Assert.Equal(actual[0], prefixSums.Current);
            foreach (var sum in actual.Skip(1))
            {
                prefixSums.MoveNext();
                Assert.Equal(prefixSums.Current, sum);
            }
        }
    }

    /// <summary>The running sums of one key's values (1, 2, 3, ... spread over the keys by value % Keys).</summary>
    private static IEnumerable<long> PrefixSums(long key)
    {
        var sum = 0L;
        for (var v = key == 0 ? Keys : key; ; v += Keys)
        {
            sum += v;
            yield return sum;
        }
    }
}
