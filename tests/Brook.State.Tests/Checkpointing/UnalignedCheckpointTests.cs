using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Streaming;
using Brook.TestSupport;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Unaligned checkpoints under backpressure and failures: the storm job behind a deliberately slow keyed stage (so the
/// channels stay full), with barriers that overtake the queued records. The oracle compares with an uninterrupted run:
/// 0 lost, 0 duplicated; and the completed checkpoints really carried in-flight records (channel state), so the test
/// cannot pass with barriers that simply waited in line.
/// </summary>
public sealed class UnalignedCheckpointTests : CheckpointOracle
{
    private long _persistedBytes;
    private int _unalignedCheckpoints;
    private TimeSpan _alignedTimeout = TimeSpan.Zero;

    // Room for the failures, each injected after a completed checkpoint, before the source ends.
    protected override long Count => 40_000;

    // Well above what the slow stage takes (about 50 000 records/s per subtask), so it backpressures the source.
    protected override double RecordsPerSecond => 200_000;

    protected override void ConfigureCheckpointing(Configuration configuration)
    {
        configuration.Set(CheckpointingOptions.UnalignedEnabled, true);
        configuration.Set(CheckpointingOptions.AlignedCheckpointTimeout, _alignedTimeout);
    }

    protected override void OnFailingRunSubmitted(Runtime.JobMaster.JobMaster job) =>
        job.CheckpointCoordinator.CheckpointCompleted += c =>
        {
            var persisted = c.OperatorStates.Values.SelectMany(o => o.SubtaskStates.Values).Sum(s => s.PersistedDataSize);
            Interlocked.Add(ref _persistedBytes, persisted);
            if (persisted > 0) Interlocked.Increment(ref _unalignedCheckpoints);
        };

    // Keyed, so every key still comes from one producer in order and the storm job's lines are deterministic.
    protected override DataStream<string> Pipeline(DataStream<long> numbers) =>
        StormJob.Pipeline(numbers.KeyBy(v => v % 11).Map(v => BusyWork.For(v, 20)).Name("Slow"));

    protected override string AtLeastOnceIdentity(string line) => StormJob.AtLeastOnceIdentity(line);

    [Fact]
    public async Task Unaligned_checkpoints_of_a_backpressured_job_carry_in_flight_records_and_lose_or_duplicate_nothing()
    {
        var outcome = await RunAsync(2, CheckpointingMode.EXACTLY_ONCE, failures: 2);

        Assert.True(outcome.Status == JobStatus.FINISHED, outcome.ToString());
        // The second failure waits for a checkpoint after the first recovery; on a loaded machine the source may end
        // first. One recovery from an unaligned checkpoint is what the oracle needs.
        Assert.True(outcome.Failures >= 1, outcome.ToString());
        Assert.True(outcome.Lost.Count == 0, outcome.ToString());
        Assert.True(outcome.Duplicated.Count == 0, outcome.ToString());
        Assert.True(_unalignedCheckpoints > 0 && _persistedBytes > 0, $"{_unalignedCheckpoints} checkpoints with in-flight records, {_persistedBytes} bytes; {outcome}");
    }

    [Fact]
    public async Task Checkpoints_that_switch_to_unaligned_after_the_alignment_timeout_lose_or_duplicate_nothing()
    {
        _alignedTimeout = TimeSpan.FromMilliseconds(2);
        var outcome = await RunAsync(2, CheckpointingMode.EXACTLY_ONCE, failures: 2);

        Assert.True(outcome.Status == JobStatus.FINISHED, outcome.ToString());
        Assert.True(outcome.Lost.Count == 0, outcome.ToString());
        Assert.True(outcome.Duplicated.Count == 0, outcome.ToString());
        Assert.True(_unalignedCheckpoints > 0, $"no checkpoint switched to unaligned; {outcome}");
    }
}
