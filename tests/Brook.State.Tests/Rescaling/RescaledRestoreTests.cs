using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.MiniCluster;
using Brook.TestSupport;

namespace Brook.State.Tests.Rescaling;

/// <summary>A retained checkpoint restored at another parallelism commits exactly the output of an uninterrupted run.</summary>
public sealed class RescaledRestoreTests : IDisposable
{
    private readonly RescaleOracle _oracle = new();

    public void Dispose() => _oracle.Dispose();

    [Theory]
    [InlineData(1, 4)]
    [InlineData(4, 2)]
    [InlineData(3, 5)]
    public async Task A_checkpoint_restored_at_another_parallelism_commits_exactly_the_uninterrupted_output(int from, int to)
    {
        var outcome = await _oracle.RunAsync(from, to);

        Assert.Equal(JobStatus.FINISHED, outcome.Status);
        // Every record once plus one line per key and 1 s window of the values 1..Count.
        Assert.Equal(RescaleOracle.Count + Enumerable.Range(1, (int)RescaleOracle.Count).Select(v => (v % 11, v / 1000)).Distinct().Count(), outcome.Expected.Count);
        Assert.True(outcome.Lost.Count == 0 && outcome.Duplicated.Count == 0, outcome.ToString());
        // The checkpoint was mid-stream: part of the output was committed before the rescale, but not all of it.
        Assert.InRange(outcome.CommittedBeforeRescale, 0, outcome.Expected.Count - 1);
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    public async Task An_unaligned_checkpoint_with_in_flight_records_restored_at_another_parallelism_commits_exactly_the_uninterrupted_output(int from, int to)
    {
        var outcome = await _oracle.RunAsync(from, to, unaligned: true);

        Assert.Equal(JobStatus.FINISHED, outcome.Status);
        // In-flight records in front of the rebalanced map (any subtask may replay them) and of the keyed reduce (by key group).
        var withInFlight = outcome.Checkpoint.OperatorStates.Values.Count(o => o.SubtaskStates.Values.Any(s => s.PersistedDataSize > 0));
        Assert.True(withInFlight >= 2, $"{withInFlight} operators with in-flight records; {outcome}");
        Assert.True(outcome.Lost.Count == 0 && outcome.Duplicated.Count == 0, outcome.ToString());
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(4, 2)]
    [InlineData(3, 5)]
    public async Task A_job_stopped_with_a_savepoint_and_resumed_at_another_parallelism_commits_exactly_the_uninterrupted_output(int from, int to)
    {
        var outcome = await _oracle.RunAsync(from, to, stopWithSavepoint: true);

        Assert.Equal(JobStatus.FINISHED, outcome.Status);
        Assert.True(outcome.Checkpoint.Properties.IsSavepoint);
        Assert.True(outcome.Lost.Count == 0 && outcome.Duplicated.Count == 0, outcome.ToString());
        Assert.InRange(outcome.CommittedBeforeRescale, 0, outcome.Expected.Count - 1);
    }

    [Fact]
    public async Task Restoring_above_the_max_parallelism_the_state_was_taken_with_is_refused_at_submission_with_Flinks_text()
    {
        var dir = Path.Combine(Path.GetTempPath(), "brook-rescale-max-" + Guid.NewGuid().ToString("N"));
        try
        {
            var conf = new Configuration().Set(CheckpointingOptions.Directory, Path.Combine(dir, "checkpoints")).Set(CoreOptions.NumberOfTaskSlots, 6);
            await using var cluster = new MiniCluster(conf);
            long seen = 0;
            var signal = new ProgressSignal();
            var job = cluster.SubmitJob(RescaleOracle.Job(conf, 2, Path.Combine(dir, "out"), 1_000, () =>
            {
                Interlocked.Increment(ref seen);
                signal.Pulse();
            }, maxParallelism: 4));
            job.StateChanged += _ => signal.Pulse();
            await signal.UntilAsync(() => Interlocked.Read(ref seen) >= 10 && job.Snapshot().Vertices.All(v => v.Subtasks.All(t => t.CurrentExecution.State == ExecutionState.RUNNING)),
                "every task runs and records flow", TimeSpan.FromSeconds(60));
            var checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(TimeSpan.FromSeconds(60));
            job.Cancel();
            await job.ResultTask.WaitAsync(TimeSpan.FromSeconds(60));

            var restore = conf.Copy().Set(CheckpointingOptions.StateRecoveryPath, checkpoint.ExternalPointer);
            var refused = Assert.Throws<InvalidOperationException>(() => cluster.SubmitJob(RescaleOracle.Job(restore, 6, Path.Combine(dir, "out"), null)));
            Assert.Matches(@"^The state for task [0-9a-f]{32} can not be restored\. The maximum parallelism \(4\) of the restored state is lower than the configured parallelism \(6\)\. " +
                "Please reduce the parallelism of the task to be lower or equal to the maximum parallelism\\.$", refused.Message);
            Assert.Single(cluster.Jobs);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_parallelism_above_the_max_parallelism_is_refused_at_submission_with_Flinks_text()
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            RescaleOracle.Job(new Configuration(), 6, Path.Combine(Path.GetTempPath(), "never-written"), null, maxParallelism: 4));
        Assert.Equal("Vertex Numbers's parallelism (6) is higher than the max parallelism (4). Please lower the parallelism or increase the max parallelism.", refused.Message);
    }
}
