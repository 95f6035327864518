using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Exactly-once output across failures: a keyed rolling count and sum over a replayable source, checkpointed, failing
/// several times and restarting from the latest checkpoint, commits through the FileSink exactly the lines of an
/// uninterrupted run.
/// </summary>
public sealed class ExactlyOnceFileSinkTests : CheckpointOracle
{
    private const int Keys = 13;
    private const int Failures = 4;

    private sealed class RollingCountAndSum : KeyedProcessFunction<long, long, string>
    {
        private IValueState<long> _count = null!;
        private IValueState<long> _sum = null!;

        public override void Open()
        {
            _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));
            _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));
        }

        public override void ProcessElement(long value, Context context, ICollector<string> output)
        {
            _count.Update(_count.Value() + 1);
            _sum.Update(_sum.Value() + value);
            output.Collect($"{context.CurrentKey},{value},{_count.Value()},{_sum.Value()}");
        }
    }

    protected override DataStream<string> Pipeline(DataStream<long> numbers) => numbers.KeyBy(v => v % Keys).Process(new RollingCountAndSum());

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task The_committed_output_after_failures_equals_an_uninterrupted_run(int parallelism)
    {
        var outcome = await RunAsync(parallelism, CheckpointingMode.EXACTLY_ONCE, Failures);

        Assert.Equal(JobStatus.FINISHED, outcome.Status);
        Assert.Equal(Count, outcome.Expected.Count);
        Assert.Equal(Failures, outcome.Failures);
        // Output had been committed at checkpoints before failures, and survived the restarts that followed.
        Assert.Contains(outcome.CommittedFilesAtFailures, n => n > 0);
        Assert.Empty(outcome.Lost);
        Assert.Empty(outcome.Duplicated);
    }

    [Fact]
    public async Task At_least_once_checkpoints_lose_nothing()
    {
        var outcome = await RunAsync(2, CheckpointingMode.AT_LEAST_ONCE, Failures);

        Assert.Equal(JobStatus.FINISHED, outcome.Status);
        Assert.Equal(Failures, outcome.Failures);
        Assert.Empty(outcome.Lost);
    }
}
