using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.JobGraph;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Operators;
using Brook.Streaming.Sinks.Files;
using Brook.Streaming.Sources;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// FLIP-147 for a bounded job with checkpointing: a sink subtask whose input ended commits its last files only when a
/// checkpoint covering its final state completes, so a failure of another subtask in between neither duplicates nor
/// loses lines (committed at the end of input, the restart from the earlier checkpoint would write them again).
/// </summary>
public sealed class FinalCheckpointTests : IDisposable
{
    private const long Count = 4_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-final-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private enum Failure
    {
        None,

        /// <summary>Subtask 1 of the first attempt stops at its 200th record until subtask 0 reached the end of its input (so no checkpoint can complete meanwhile), then fails.</summary>
        AfterOtherSubtaskEnded,

        /// <summary>Subtask 0 of the first attempt fails when its final checkpoint completed, before its chained sink commits.</summary>
        AtFinalCheckpointCompletion,
    }

    /// <summary>Forwards numbers as lines, failing as <paramref name="failure"/> says.</summary>
    private sealed class FailingLines(TaskCompletionSource subtaskZeroEnded, Failure failure) : AbstractStreamOperator<string>, IOneInputStreamOperator<long>
    {
        private int _records;
        private bool _finished;

        public void ProcessElement(StreamRecord<long> record)
        {
            if (failure == Failure.AfterOtherSubtaskEnded && RuntimeContext.AttemptNumber == 0 && RuntimeContext.IndexOfThisSubtask == 1 && ++_records == 200)
            {
                if (!subtaskZeroEnded.Task.Wait(Timeout)) throw new TimeoutException("Subtask 0 did not reach the end of its input.");
                throw new InjectedFailureException("Subtask 1 fails after subtask 0 reached the end of its input.");
            }
            Output.Collect(new StreamRecord<string>(record.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), record.Timestamp));
        }

        public void EndInput()
        {
        }

        public override void NotifyCheckpointComplete(long checkpointId)
        {
            base.NotifyCheckpointComplete(checkpointId);
            if (failure == Failure.AtFinalCheckpointCompletion && _finished && RuntimeContext.AttemptNumber == 0 && RuntimeContext.IndexOfThisSubtask == 0)
                throw new InjectedFailureException($"Subtask 0 fails as its final checkpoint {checkpointId} completes, before its sink commits.");
        }

        public override void Finish()
        {
            base.Finish();
            _finished = true;
            if (RuntimeContext.AttemptNumber == 0 && RuntimeContext.IndexOfThisSubtask == 0) subtaskZeroEnded.TrySetResult();
        }
    }

    private async Task<(List<string> Lines, JobStatus Status, Runtime.JobMaster.JobMaster Job)> RunAsync(TimeSpan interval, Failure failure)
    {
        var conf = new Configuration()
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "3")
            .SetRaw("restart-strategy.fixed-delay.delay", "0 ms")
            .Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
        env.EnableCheckpointing(interval, CheckpointingMode.EXACTLY_ONCE);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = Path.Combine(_dir, "out");
        // Forward edges: each sink subtask reads one source subtask only, so one can end while the other still runs.
        env.FromSource(new DataGeneratorSource<long>(i => i + 1, Count, 8_000), "Numbers", 2)
            .Transform<string>("Lines", () => new FailingLines(ended, failure))
            .SinkTo(FileSink.ForRowFormat(output, new SimpleStringEncoder<string>())
                .WithBucketAssigner(new BasePathBucketAssigner<string>())
                .WithRollingPolicy(new DefaultRollingPolicy<string>(maxPartSize: 4096))
                .Build());
        var job = cluster.SubmitJob(JobGraph.FromStreamGraph(env.GetStreamGraph("final checkpoint")));
        var result = await job.ResultTask.WaitAsync(Timeout);
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.'));
        return (files.SelectMany(File.ReadLines).ToList(), result.Status, job);
    }

    private static IEnumerable<string> Expected() => Enumerable.Range(1, (int)Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_bounded_job_commits_its_last_files_at_a_final_checkpoint_exactly_once()
    {
        // An hour-long interval: the job does not wait for it, as every task then waits for its final checkpoint.
        var (lines, status, job) = await RunAsync(TimeSpan.FromHours(1), Failure.None);

        Assert.Equal(JobStatus.FINISHED, status);
        Assert.Equal(Expected().Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
        var final = job.CheckpointCoordinator.LatestCompletedCheckpoint;
        Assert.NotNull(final);
        var sink = job.JobGraph.Vertices[^1];
        Assert.Equal([0, 1], final.OperatorStates[sink.OperatorIdsInChainOrder.Last().Hex].FinishedSubtasks.Order());
    }

    [Fact]
    public Task A_failure_after_one_subtask_ended_its_input_neither_duplicates_nor_loses_lines() =>
        AssertExactlyOnceThroughOneFailureAsync(TimeSpan.FromMilliseconds(20), Failure.AfterOtherSubtaskEnded);

    [Fact]
    public Task A_failure_between_the_final_checkpoint_and_its_commit_neither_duplicates_nor_loses_lines() =>
        // The only checkpoint is the final one: the restored finished sink must commit what it prepared, or half the lines are lost.
        AssertExactlyOnceThroughOneFailureAsync(TimeSpan.FromHours(1), Failure.AtFinalCheckpointCompletion);

    private async Task AssertExactlyOnceThroughOneFailureAsync(TimeSpan interval, Failure failure)
    {
        var (lines, status, job) = await RunAsync(interval, failure);

        Assert.Equal(JobStatus.FINISHED, status);
        Assert.Single(job.Snapshot().ExceptionHistory);
        var counts = lines.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var duplicated = counts.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        var lost = Expected().Except(counts.Keys, StringComparer.Ordinal).ToList();
        Assert.True(duplicated.Count == 0, $"{duplicated.Count} lines duplicated: {string.Join(" ", duplicated.Take(10))}");
        Assert.True(lost.Count == 0, $"{lost.Count} lines lost: {string.Join(" ", lost.Take(10))}");
        Assert.Equal((int)Count, lines.Count);
    }
}
