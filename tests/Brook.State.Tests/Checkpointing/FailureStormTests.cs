using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Streaming;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// The failure storm (category Soak, not in the default run; see docs/checkpointing.md for the command): 20 failures
/// per run at pseudo-random records, 5 of them TaskExecutor stops, at parallelism 1 to 4, exactly-once (aligned and
/// unaligned) and at-least-once, through keyed state, event-time windows and timers into the FileSink. The seed is
/// <c>BROOK_STORM_SEED</c> when set, else new each run; the assertion messages name it.
/// </summary>
[Trait("Category", "Soak")]
public sealed class FailureStormTests : CheckpointOracle
{
    private const int Failures = 20;
    private const int Stops = 5;

    // Long enough for 20 failures at the spacings below, each waiting for a completed checkpoint, before the source ends.
    protected override long Count => 40_000;

    protected override DataStream<string> Pipeline(DataStream<long> numbers) => StormJob.Pipeline(numbers);

    protected override string AtLeastOnceIdentity(string line) => StormJob.AtLeastOnceIdentity(line);

    private bool _unaligned;

    protected override void ConfigureCheckpointing(Configuration configuration) =>
        configuration.Set(CheckpointingOptions.UnalignedEnabled, _unaligned);

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("BROOK_STORM_SEED"), out var seed) ? seed : Random.Shared.Next();

    public static TheoryData<int, CheckpointingMode, bool> Runs()
    {
        var runs = new TheoryData<int, CheckpointingMode, bool>();
        foreach (var parallelism in new[] { 1, 2, 3, 4 })
        {
            runs.Add(parallelism, CheckpointingMode.EXACTLY_ONCE, false);
            runs.Add(parallelism, CheckpointingMode.EXACTLY_ONCE, true);
            runs.Add(parallelism, CheckpointingMode.AT_LEAST_ONCE, false);
        }
        return runs;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task A_storm_of_failures_loses_nothing_and_exactly_once_duplicates_nothing(int parallelism, CheckpointingMode mode, bool unaligned)
    {
        _unaligned = unaligned;
        var outcome = await RunAsync(parallelism, mode, FailurePlan.Seeded(Seed(), Failures, Stops, minSpacing: 300));

        Assert.True(outcome.Status == JobStatus.FINISHED, $"parallelism {parallelism}, {mode}{(unaligned ? " unaligned" : "")}: {outcome}");
        Assert.True(outcome.Failures == Failures && outcome.TaskExecutorsStopped == Stops, $"parallelism {parallelism}, {mode}{(unaligned ? " unaligned" : "")}: {outcome}");
        Assert.True(outcome.Lost.Count == 0, $"parallelism {parallelism}, {mode}{(unaligned ? " unaligned" : "")}: {outcome}");
        if (mode == CheckpointingMode.EXACTLY_ONCE) Assert.True(outcome.Duplicated.Count == 0, $"parallelism {parallelism}, {mode}{(unaligned ? " unaligned" : "")}: {outcome}");
    }
}
