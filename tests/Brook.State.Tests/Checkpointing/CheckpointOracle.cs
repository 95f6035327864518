using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.JobGraph;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks.Files;
using Brook.Streaming.Sources;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// The checkpoint oracle, a reusable test base: a derived test supplies the job under test (<see cref="Pipeline"/>,
/// from a replayable number source to lines); the oracle runs it once uninterrupted and once with checkpoints and
/// injected failures under a fixed-delay restart strategy, both writing through the FileSink, and compares the
/// committed (finished, visible) lines of both runs as multisets: what is missing was lost, what is extra was
/// duplicated. A <see cref="FailurePlan"/> mixes function exceptions with TaskExecutor stops; the cluster starts with a
/// spare TaskExecutor for every planned stop, so the restarts always find free slots.
/// </summary>
public abstract class CheckpointOracle : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-oracle-" + Guid.NewGuid().ToString("N"));

    /// <summary>Records the source emits (1..Count).</summary>
    protected virtual long Count => 20_000;

    /// <summary>The source's rate in the failing run, so checkpoints complete between failures.</summary>
    protected virtual double RecordsPerSecond => 10_000;

    /// <summary>
    /// What an at-least-once run must contain at least once of each expected line. Records may count twice in state
    /// (a channel past its barrier keeps flowing before the snapshot, and is replayed after the restore), so a line
    /// carrying an aggregate reduces to what identifies it (key, record, window), without the aggregate.
    /// </summary>
    protected virtual string AtLeastOnceIdentity(string line) => line;

    /// <summary>Checkpoint settings of the failing run beyond interval and mode (e.g. unaligned checkpoints).</summary>
    protected virtual void ConfigureCheckpointing(Configuration configuration)
    {
    }

    /// <summary>The cluster of both runs: one TaskManager with a slot per subtask, and a spare TaskManager for every planned stop.</summary>
    protected virtual Configuration ClusterConfiguration(int parallelism, int spareTaskExecutors) => new Configuration()
        .Set(CoreOptions.LocalNumberOfTaskManagers, 1 + spareTaskExecutors)
        .Set(CoreOptions.NumberOfTaskSlots, parallelism);

    /// <summary>Called with the failing run's job once it is submitted (to observe its checkpoints).</summary>
    protected virtual void OnFailingRunSubmitted(Runtime.JobMaster.JobMaster job)
    {
    }

    /// <summary>The job under test: from the source's numbers (after the failure-injecting map) to the lines the FileSink commits.</summary>
    protected abstract DataStream<string> Pipeline(DataStream<long> numbers);

    public sealed record Outcome(IReadOnlyList<string> Expected, IReadOnlyList<string> Lost, IReadOnlyList<string> Duplicated, int Failures,
        IReadOnlyList<int> CommittedFilesAtFailures, JobStatus Status, FailurePlan Plan, int TaskExecutorsStopped, int ExceptionHistory)
    {
        /// <summary>For assertion messages: the plan (with its seed) and what went wrong.</summary>
        public override string ToString() =>
            $"{Plan}; {Status}, {Failures} failures injected, {TaskExecutorsStopped} TaskExecutors stopped, {ExceptionHistory} in the exception history; " +
            $"{Expected.Count} expected, lost {Lost.Count} [{string.Join(" ", Lost.Take(10))}], duplicated {Duplicated.Count} [{string.Join(" ", Duplicated.Take(10))}]";
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    protected Task<Outcome> RunAsync(int parallelism, CheckpointingMode mode, int failures) =>
        RunAsync(parallelism, mode, FailurePlan.Evenly(firstAt: Count / 10, spacing: Count / 10, failures));

    protected async Task<Outcome> RunAsync(int parallelism, CheckpointingMode mode, FailurePlan plan)
    {
        var expected = await RunJobAsync(Path.Combine(_dir, "uninterrupted"), parallelism, mode, null);
        var output = Path.Combine(_dir, "failing");
        var stopper = new TaskExecutorStopper();
        var injector = new FailureInjector(plan, () => FinishedFiles(output).Count(), _ => stopper.Request());
        stopper.Stopped = injector.OnTaskExecutorStopped;
        var (actual, status, history) = await RunJobAsync(output, parallelism, mode, injector, stopper, plan.TaskExecutorStops);
        var missing = mode == CheckpointingMode.EXACTLY_ONCE
            ? Subtract(expected.Lines, actual)
            : Subtract(expected.Lines.Select(AtLeastOnceIdentity), actual.Select(AtLeastOnceIdentity).Distinct());
        var extra = Subtract(actual, expected.Lines);
        return new Outcome(expected.Lines, missing, extra, injector.Injected, injector.CommittedFilesAtFailures, status, plan, stopper.Count, history);
    }

    private async Task<(IReadOnlyList<string> Lines, JobStatus Status, int ExceptionHistory)> RunJobAsync(string output, int parallelism,
        CheckpointingMode mode, FailureInjector? injector, TaskExecutorStopper? stopper = null, int spareTaskExecutors = 0)
    {
        var conf = ClusterConfiguration(parallelism, spareTaskExecutors)
            .SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "100")
            .SetRaw("restart-strategy.fixed-delay.delay", "0 ms");
        await using var cluster = new MiniCluster(conf);
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(parallelism);
        if (injector is not null)
        {
            env.EnableCheckpointing(TimeSpan.FromMilliseconds(20), mode);
            ConfigureCheckpointing(env.Configuration);
        }
        var numbers = env.FromSource(new DataGeneratorSource<long>(i => i + 1, Count, injector is null ? null : RecordsPerSecond), "Numbers", 1)
            .Map(new FailureInjector.InjectingMap(injector ?? FailureInjector.None)).SetParallelism(1);
        Pipeline(numbers).SinkTo(FileSink.ForRowFormat(output, new SimpleStringEncoder<string>())
            .WithBucketAssigner(new BasePathBucketAssigner<string>())
            .WithRollingPolicy(new DefaultRollingPolicy<string>(maxPartSize: 4096))
            .Build());
        var job = cluster.SubmitJob(JobGraph.FromStreamGraph(env.GetStreamGraph("oracle")));
        stopper?.Attach(cluster, job);
        if (injector is not null) OnFailingRunSubmitted(job);
        var result = await job.ResultTask.WaitAsync(Timeout).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result
            : throw new TimeoutException($"The job did not end within {Timeout}: {Describe(job)}", t.Exception));
        if (stopper is not null) await stopper.Completion.WaitAsync(Timeout);
        return (FinishedFiles(output).SelectMany(File.ReadLines).ToList(), result.Status, job.Snapshot().ExceptionHistory.Count);
    }

    /// <summary>Where a job that did not end stands: each subtask's attempt and state, and the latest checkpoints.</summary>
    private static string Describe(Runtime.JobMaster.JobMaster job)
    {
        var graph = job.Snapshot();
        var tasks = graph.Vertices.SelectMany(v => v.Subtasks.Select((s, i) => $"{v.Name} ({i + 1})#{s.CurrentExecution.AttemptNumber} {s.CurrentExecution.State}"));
        var checkpoints = job.CheckpointCoordinator?.Statistics.Take(3).Select(c => $"{c.CheckpointId} {c.Status} {c.NumberOfAcknowledgedSubtasks}/{c.NumberOfSubtasks} {c.FailureMessage}") ?? [];
        return $"{graph.Status}; tasks: {string.Join(", ", tasks)}; checkpoints: {string.Join(", ", checkpoints)}";
    }

    /// <summary>Committed part files: visible names only; hidden in-progress files of failed attempts stay behind, as in Flink.</summary>
    private static IEnumerable<string> FinishedFiles(string output) =>
        Directory.Exists(output)
            ? Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList()
            : [];

    private static List<string> Subtract(IEnumerable<string> from, IEnumerable<string> remove)
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
