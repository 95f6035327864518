using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Streaming;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// The failure storm's job in the normal suite, moderately: six failures at seeded records, one of them a stopped
/// TaskExecutor, at parallelism 2 with exactly-once checkpoints; 0 lost and 0 duplicated.
/// </summary>
public sealed class FailureMixTests : CheckpointOracle
{
    // Room for the six failures (each waits for a completed checkpoint, slower when the suite runs in parallel) before the source ends.
    protected override long Count => 40_000;

    protected override DataStream<string> Pipeline(DataStream<long> numbers) => StormJob.Pipeline(numbers);

    protected override string AtLeastOnceIdentity(string line) => StormJob.AtLeastOnceIdentity(line);

    [Fact]
    public async Task Function_exceptions_and_a_stopped_TaskExecutor_lose_and_duplicate_nothing()
    {
        var outcome = await RunAsync(2, CheckpointingMode.EXACTLY_ONCE, FailurePlan.Seeded(seed: 9, failures: 6, stops: 1, minSpacing: 500));

        Assert.True(outcome.Status == JobStatus.FINISHED, outcome.ToString());
        Assert.True(outcome.Failures == 6 && outcome.TaskExecutorsStopped == 1, outcome.ToString());
        Assert.True(outcome.ExceptionHistory >= 6, outcome.ToString());
        Assert.Contains(outcome.CommittedFilesAtFailures, n => n > 0);
        Assert.True(outcome.Lost.Count == 0, outcome.ToString());
        Assert.True(outcome.Duplicated.Count == 0, outcome.ToString());
    }
}
