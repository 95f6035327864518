using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks.Files;
using Brook.Streaming.Sources;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;
using Brook.TestSupport;
using JobGraph = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.State.Tests.Rescaling;

/// <summary>
/// The checkpoint oracle across a change of parallelism: a job (parallel generator source with reader splits, keyed
/// event-time windows whose contents and timers stay in state until the end, a FileSink with writer and committer
/// state) runs uninterrupted once; then again at one parallelism, throttled, until a quarter of the records passed, when
/// a checkpoint is taken and the job cancelled; then from that retained checkpoint at another parallelism to the end.
/// The committed lines of the interrupted runs together must equal the uninterrupted run's: nothing lost, nothing twice.
/// </summary>
public sealed class RescaleOracle : IDisposable
{
    public const long Count = 24_000;
    private const int Keys = 11;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-rescale-" + Guid.NewGuid().ToString("N"));

    public sealed record Outcome(IReadOnlyList<string> Expected, IReadOnlyList<string> Lost, IReadOnlyList<string> Duplicated,
        CompletedCheckpoint Checkpoint, int CommittedBeforeRescale, JobStatus Status)
    {
        public override string ToString() =>
            $"{Status}; checkpoint {Checkpoint.CheckpointId}, {CommittedBeforeRescale} lines committed before the rescale; {Expected.Count} expected, " +
            $"lost {Lost.Count} [{string.Join(" ", Lost.Take(10))}], duplicated {Duplicated.Count} [{string.Join(" ", Duplicated.Take(10))}]";
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The job: every record once ("r,v") and per-key sums of 1 s event-time windows that fire only at the end ("w,key,window,sum").</summary>
    /// <param name="workMicros">
    /// Work per record in a rebalanced map and in the keyed window reduce (the same graph either way): with it the
    /// channels in front of both fill up, so an unaligned checkpoint carries in-flight records of a plain and a keyed input.
    /// </param>
    public static JobGraph Job(Configuration conf, int parallelism, string output, double? recordsPerSecond, Action? onRecord = null, int maxParallelism = -1,
        int workMicros = 0)
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(parallelism);
        if (maxParallelism > 0) env.SetMaxParallelism(maxParallelism);
        env.EnableCheckpointing(TimeSpan.FromHours(1), CheckpointingMode.EXACTLY_ONCE);
        env.CheckpointConfig.ExternalizedCheckpointRetention = ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION;
        var numbers = env.FromSource(new DataGeneratorSource<long>(i => i + 1, Count, recordsPerSecond), "Numbers")
            .Map(v =>
            {
                onRecord?.Invoke();
                return v;
            });
        var records = numbers.Rebalance().Map(v => $"r,{BusyWork.For(v, workMicros)}");
        // Out-of-orderness beyond every timestamp: no window fires before the end of input, so all of them are state at the checkpoint.
        var windows = numbers
            .AssignTimestampsAndWatermarks(WatermarkStrategy<long>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(Count * 2)).WithTimestampAssigner((v, _) => v))
            .Map(v => (Key: v % Keys, Sum: v))
            .KeyBy(t => t.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .Reduce((a, b) => (a.Key, a.Sum + BusyWork.For(b.Sum, workMicros)))
            .Map(t => $"w,{t.Key},{t.Sum}");
        records.Union(windows).SinkTo(FileSink.ForRowFormat(output, new SimpleStringEncoder<string>())
            .WithBucketAssigner(new BasePathBucketAssigner<string>())
            .WithRollingPolicy(new DefaultRollingPolicy<string>(maxPartSize: 4096))
            .Build());
        return JobGraph.FromStreamGraph(env.GetStreamGraph("rescale-oracle"));
    }

    /// <param name="unaligned">
    /// Unaligned checkpoints, with the first run slowed so its channels are full: the checkpoint holds in-flight records,
    /// which the rescaled job replays (by key group on the keyed input).
    /// </param>
    /// <param name="stopWithSavepoint">Stop the first run with a savepoint (no drain) instead of a checkpoint and a cancel.</param>
    public async Task<Outcome> RunAsync(int fromParallelism, int toParallelism, bool stopWithSavepoint = false, bool unaligned = false)
    {
        var slots = Math.Max(fromParallelism, toParallelism);
        var conf = new Configuration()
            .Set(CheckpointingOptions.Directory, Path.Combine(_dir, "checkpoints"))
            .Set(CoreOptions.NumberOfTaskSlots, slots)
            .Set(CheckpointingOptions.UnalignedEnabled, unaligned);
        await using var cluster = new MiniCluster(conf);

        var uninterrupted = Path.Combine(_dir, "uninterrupted");
        var reference = await cluster.SubmitJob(Job(conf, fromParallelism, uninterrupted, null)).ResultTask.WaitAsync(Timeout);
        Assert.Equal(JobStatus.FINISHED, reference.Status);
        var expected = CommittedLines(uninterrupted);

        var output = Path.Combine(_dir, "rescaled");
        long seen = 0;
        var signal = new ProgressSignal();
        var first = cluster.SubmitJob(Job(conf, fromParallelism, output, 8_000, () =>
        {
            if (Interlocked.Increment(ref seen) % 100 == 0) signal.Pulse();
        }, workMicros: unaligned ? 300 : 0));
        first.StateChanged += _ => signal.Pulse();
        await signal.UntilAsync(() => Interlocked.Read(ref seen) >= Count / 4 && AllRunning(first), "a quarter of the records passed", Timeout);
        CompletedCheckpoint checkpoint;
        if (stopWithSavepoint)
        {
            checkpoint = await first.StopWithSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL, drain: false).WaitAsync(Timeout);
            Assert.Equal(JobStatus.FINISHED, (await first.ResultTask.WaitAsync(Timeout)).Status);
        }
        else
        {
            checkpoint = await first.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(Timeout);
            first.Cancel();
            await first.ResultTask.WaitAsync(Timeout);
        }
        var committedBefore = CommittedLines(output).Count;

        var restore = conf.Copy().Set(CheckpointingOptions.StateRecoveryPath, checkpoint.ExternalPointer);
        var second = await cluster.SubmitJob(Job(restore, toParallelism, output, null)).ResultTask.WaitAsync(Timeout);
        var actual = CommittedLines(output);
        return new Outcome(expected, Subtract(expected, actual), Subtract(actual, expected), checkpoint, committedBefore, second.Status);
    }

    public static bool AllRunning(Runtime.JobMaster.JobMaster job) =>
        job.Snapshot().Vertices.All(v => v.Subtasks.All(t => t.CurrentExecution.State == ExecutionState.RUNNING));

    /// <summary>Committed part files only: hidden in-progress files of the cancelled run stay behind, as in Flink.</summary>
    public static List<string> CommittedLines(string output) =>
        Directory.Exists(output)
            ? Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadLines).ToList()
            : [];

    public static List<string> Subtract(IEnumerable<string> from, IEnumerable<string> remove)
    {
        var counts = remove.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var rest = new List<string>();
        foreach (var line in from)
        {
            if (counts.TryGetValue(line, out var n) && n > 0) counts[line] = n - 1;
            else rest.Add(line);
        }
        return rest;
    }
}
