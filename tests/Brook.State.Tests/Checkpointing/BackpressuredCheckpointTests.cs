using Brook.Core.Configuration;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.TestSupport;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Heavy backpressure: a stage taking 100 µs per record behind three hops whose channels (8 buffers of 1 024
/// records) are full. An aligned barrier waits behind the queued records (over 15 000 of them: more than 1.5 s), so
/// with a 1 s checkpoint timeout the checkpoint expires; an unaligned one overtakes them (the slow stage finishes at
/// most the one buffer it is in, about 100 ms) and completes with the queued records as channel state.
/// </summary>
public sealed class BackpressuredCheckpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="filled">Set once the first map passed enough records to fill every channel behind it (the slow stage barely started).</param>
    private static (MiniCluster Cluster, JobGraph Job) Setup(bool unaligned, TaskCompletionSource filled)
    {
        long passed = 0;
        var conf = new Configuration()
            .Set(CoreOptions.NumberOfTaskSlots, 1)
            .Set(CheckpointingOptions.Timeout, TimeSpan.FromSeconds(1))
            .SetRaw("taskmanager.network.memory.buffers-per-channel", "8")
            // Rings of exactly 8 buffers, no floating share on top: 18 000 records then fill every channel behind the first map.
            .SetRaw("taskmanager.network.memory.floating-buffers-per-gate", "0")
            .Set(CheckpointingOptions.UnalignedEnabled, unaligned);
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(1);
        // An interval far beyond the test: the one checkpoint is triggered by hand once the channels are full.
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        env.FromSequence(0, long.MaxValue - 1)
            .Rebalance().Map(v =>
            {
                if (Interlocked.Increment(ref passed) == 18_000) filled.TrySetResult();
                return v + 1;
            })
            .Rebalance().Map(v => v - 1)
            .Rebalance().Map(v => BusyWork.For(v, 100))
            .SinkTo(new ActionSink<long>(_ => { }, "Discard"));
        return (new MiniCluster(conf), JobGraph.FromStreamGraph(env.GetStreamGraph(unaligned ? "unaligned" : "aligned")));
    }

    [Fact]
    public async Task Under_heavy_backpressure_an_unaligned_checkpoint_completes_with_the_queued_records_and_an_aligned_one_times_out()
    {
        var alignedFilled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (alignedCluster, alignedJob) = Setup(unaligned: false, alignedFilled);
        await using (alignedCluster)
        {
            var job = alignedCluster.SubmitJob(alignedJob);
            await alignedFilled.Task.WaitAsync(Timeout);
            var e = await Assert.ThrowsAsync<CheckpointException>(() => job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(Timeout));
            Assert.Equal(CheckpointFailureReason.CheckpointExpired, e.Reason);
            job.Cancel();
        }

        var unalignedFilled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (unalignedCluster, unalignedJob) = Setup(unaligned: true, unalignedFilled);
        await using (unalignedCluster)
        {
            var job = unalignedCluster.SubmitJob(unalignedJob);
            await unalignedFilled.Task.WaitAsync(Timeout);
            CompletedCheckpoint checkpoint;
            try
            {
                checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(Timeout);
            }
            catch (CheckpointException e)
            {
                var c = job.CheckpointCoordinator.Statistics.First();
                var graph = job.Snapshot();
                throw new InvalidOperationException($"{e.Message}; acknowledged: {string.Join(", ", c.Subtasks.Select(s => $"{graph.Vertex(s.Vertex)?.Name} {s.Subtask.SubtaskIndex} after {s.Subtask.AckTimestamp - c.TriggerTimestamp} ms"))}", e);
            }
            Assert.Equal("UNALIGNED_CHECKPOINT", checkpoint.Properties.TypeName);
            Assert.True(checkpoint.OperatorStates.Values.SelectMany(o => o.SubtaskStates.Values).Sum(s => s.PersistedDataSize) > 0);
            job.Cancel();
        }
    }
}
