using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Streaming;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// The checkpoint oracle on event time: per-key sums in tumbling event-time windows (window contents and event-time
/// timers in the checkpoints) commit through the FileSink after failures exactly the windows of an uninterrupted run.
/// </summary>
public sealed class ExactlyOnceWindowedFileSinkTests : CheckpointOracle
{
    private const int Keys = 7;

    protected override DataStream<string> Pipeline(DataStream<long> numbers) => numbers
        .AssignTimestampsAndWatermarks(WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner((v, _) => v))
        .Map(v => (Key: v % Keys, Sum: v))
        .KeyBy(t => t.Key)
        .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(100)))
        .Reduce((a, b) => (a.Key, a.Sum + b.Sum))
        .Map(t => $"{t.Key},{t.Sum}");

    private static IEnumerable<long> LongRange(long from, long to)
    {
        for (var v = from; v <= to; v++) yield return v;
    }

    [Fact]
    public async Task Window_results_committed_after_failures_equal_an_uninterrupted_run()
    {
        var outcome = await RunAsync(2, CheckpointingMode.EXACTLY_ONCE, failures: 3);

        Assert.Equal(JobStatus.FINISHED, outcome.Status);
        Assert.Equal(3, outcome.Failures);
        // One line per key and 100 ms window of the values 1..Count (timestamp = value).
        Assert.Equal(LongRange(1, Count).Select(v => (v % Keys, v / 100)).Distinct().Count(), outcome.Expected.Count);
        Assert.Empty(outcome.Lost);
        Assert.Empty(outcome.Duplicated);
    }
}
