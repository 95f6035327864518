using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks.Files;
using Brook.Streaming.Sources;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;
using JobMasterType = Brook.Runtime.JobMaster.JobMaster;

namespace Brook.State.Tests.Savepoints;

/// <summary>
/// Stop-with-savepoint and resume on a local cluster: keyed event-time windows through the exactly-once FileSink.
/// The job stopped mid-stream and resumed from its savepoint commits exactly the lines of an uninterrupted run;
/// with drain the pending windows fire before the savepoint, without drain they stay in it; a savepoint that
/// cannot be taken leaves the job running.
/// </summary>
public sealed class StopWithSavepointTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const int Keys = 7;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-stop-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Stop_with_savepoint_then_resume_commits_what_an_uninterrupted_run_commits(int parallelism)
    {
        const long count = 6_000;
        await using var cluster = Cluster(parallelism);
        var uninterrupted = Path.Combine(_dir, "uninterrupted");
        var expected = await RunToEndAsync(cluster, Windows(uninterrupted, parallelism, count, rate: null, windowMillis: 100), uninterrupted);
        Assert.Equal(Enumerable.Range(1, (int)count).Select(v => (v % Keys, v / 100)).Distinct().Count(), expected.Count);

        var output = Path.Combine(_dir, "stopped");
        var job = cluster.SubmitJob(Windows(output, parallelism, count, rate: 3_000, windowMillis: 100));
        await CheckpointsCompletedAsync(job, 2);
        var savepoint = await job.StopWithSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL, drain: false).WaitAsync(Timeout);
        Assert.Equal(JobStatus.FINISHED, (await job.ResultTask.WaitAsync(Timeout)).Status);
        Assert.True(savepoint.Properties.IsSavepoint);
        Assert.StartsWith("savepoint-" + job.JobId.Hex[..6] + "-", Path.GetFileName(savepoint.ExternalPointer));
        var committedAtStop = Committed(output);
        Assert.True(committedAtStop.Count < expected.Count, "the job was stopped before its end");

        var resumed = cluster.SubmitJob(Windows(output, parallelism, count, rate: null, windowMillis: 100, restore: savepoint.ExternalPointer));
        Assert.Equal(JobStatus.FINISHED, (await resumed.ResultTask.WaitAsync(Timeout)).Status);
        var restored = resumed.CheckpointCoordinator.StatisticsSnapshot().LatestRestored;
        Assert.NotNull(restored);
        Assert.True(restored.IsSavepoint);
        Assert.Equal(expected.Order(StringComparer.Ordinal), Committed(output).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Drain_fires_the_pending_windows_before_the_savepoint_and_no_drain_keeps_them_in_it()
    {
        await using var cluster = Cluster(2);
        // One-hour windows over timestamps 1..n ms: no window fires while the job runs.
        var drained = await StopAsync(cluster, Path.Combine(_dir, "drain"), drain: true);
        var kept = await StopAsync(cluster, Path.Combine(_dir, "no-drain"), drain: false);

        var windows = drained.Select(l => l.Split(',').Select(long.Parse).ToArray()).ToList();
        Assert.Equal(Keys, windows.Count);
        // Every record the source read up to the savepoint is counted once: 1..max, none missing, none twice.
        Assert.Equal(windows.Max(w => w[3]), windows.Sum(w => w[2]));
        Assert.Empty(kept);
    }

    [Fact]
    public async Task A_savepoint_that_cannot_be_written_leaves_the_job_running_and_a_later_stop_succeeds()
    {
        await using var cluster = Cluster(1);
        var output = Path.Combine(_dir, "retry");
        var job = cluster.SubmitJob(Windows(output, 1, 1_000_000, rate: 20_000, windowMillis: 100));
        await CheckpointsCompletedAsync(job, 1);
        Directory.CreateDirectory(_dir);
        var notADirectory = Path.Combine(_dir, "a-file");
        await File.WriteAllTextAsync(notADirectory, "not a directory");

        await Assert.ThrowsAsync<CheckpointException>(() => job.StopWithSavepointAsync(notADirectory, SavepointFormatType.CANONICAL, drain: false).WaitAsync(Timeout));
        Assert.Equal(JobStatus.RUNNING, job.Status);
        await CheckpointsCompletedAsync(job, 1);

        var savepoint = await job.StopWithSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL, drain: false).WaitAsync(Timeout);
        Assert.Equal(JobStatus.FINISHED, (await job.ResultTask.WaitAsync(Timeout)).Status);
        Assert.True(File.Exists(Path.Combine(savepoint.ExternalPointer!, CheckpointMetadataFormat.FileName)));
    }

    [Fact]
    public async Task A_savepoint_keeps_the_job_running_is_not_retained_as_a_checkpoint_and_restores_after_being_moved()
    {
        await using var cluster = Cluster(2);
        var job = cluster.SubmitJob(Windows(Path.Combine(_dir, "running"), 2, 1_000_000, rate: 20_000, windowMillis: 100));
        await CheckpointsCompletedAsync(job, 1);
        var savepoint = await WithinTimeoutAsync(job.TriggerSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL, cancelJob: false), job);
        await CheckpointsCompletedAsync(job, 3);
        Assert.Equal(JobStatus.RUNNING, job.Status);
        Assert.DoesNotContain(job.CheckpointCoordinator.CompletedCheckpoints, c => c.CheckpointId == savepoint.CheckpointId);
        var stats = job.CheckpointCoordinator.StatisticsSnapshot();
        Assert.Equal(savepoint.CheckpointId, stats.LatestSavepoint?.CheckpointId);
        Assert.NotEqual(savepoint.CheckpointId, stats.LatestCompleted?.CheckpointId);
        job.Cancel();
        await WithinTimeoutAsync(job.ResultTask, job);
        // The savepoint outlives the job (retained checkpoints are discarded on cancellation by default).
        Assert.True(Directory.Exists(savepoint.ExternalPointer));

        var moved = Path.Combine(_dir, "moved-savepoint");
        Directory.Move(savepoint.ExternalPointer!, moved);
        var resumed = cluster.SubmitJob(Windows(Path.Combine(_dir, "resumed"), 2, 20_000, rate: null, windowMillis: 100,
            restore: Path.Combine(moved, CheckpointMetadataFormat.FileName)));
        Assert.Equal(JobStatus.FINISHED, (await WithinTimeoutAsync(resumed.ResultTask, resumed)).Status);
        Assert.Equal(moved, resumed.CheckpointCoordinator.StatisticsSnapshot().LatestRestored?.ExternalPath);
    }

    private static string Describe(JobMasterType job)
    {
        var graph = job.Snapshot();
        var tasks = graph.Vertices.SelectMany(v => v.Subtasks.Select((s, i) => $"{v.Name} ({i + 1})#{s.CurrentExecution.AttemptNumber} {s.CurrentExecution.State}"));
        var checkpoints = job.CheckpointCoordinator.Statistics.Take(4).Select(c => $"{c.CheckpointId} {c.Properties.TypeName} {c.Status} {c.NumberOfAcknowledgedSubtasks}/{c.NumberOfSubtasks} {c.FailureMessage}");
        return $"{graph.Status}; tasks: {string.Join(", ", tasks)}; checkpoints: {string.Join(", ", checkpoints)}";
    }

    [Fact]
    public async Task A_job_reading_a_socket_is_not_stoppable_and_its_stop_is_refused()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        await using var cluster = Cluster(1);
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(1);
        env.SocketTextStream("127.0.0.1", ((System.Net.IPEndPoint)listener.LocalEndpoint).Port).SinkTo(new Brook.Streaming.Sinks.ActionSink<string>(_ => { }, "Discard"));
        var job = cluster.SubmitJob(JobGraph.FromStreamGraph(env.GetStreamGraph("socket")));
        Assert.False(job.IsStoppable);
        Assert.False(job.Snapshot().IsStoppable);
        var e = await Assert.ThrowsAsync<CheckpointException>(() => job.StopWithSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL, drain: false));
        Assert.Contains("cannot replay", e.Message);
        Assert.False(Directory.Exists(Path.Combine(_dir, "savepoints")));
        job.Cancel();
        await job.ResultTask.WaitAsync(Timeout);
    }

    private async Task<List<string>> StopAsync(MiniCluster cluster, string output, bool drain)
    {
        var job = cluster.SubmitJob(Windows(output, 2, 1_000_000, rate: 20_000, windowMillis: 3_600_000, withMax: true));
        await CheckpointsCompletedAsync(job, 1);
        await job.StopWithSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL, drain).WaitAsync(Timeout);
        Assert.Equal(JobStatus.FINISHED, (await job.ResultTask.WaitAsync(Timeout)).Status);
        return Committed(output);
    }

    private static MiniCluster Cluster(int slots) => new(new Configuration()
        .Set(CoreOptions.LocalNumberOfTaskManagers, 1)
        .Set(CoreOptions.NumberOfTaskSlots, slots));

    /// <summary>Per key and tumbling event-time window: key, sum, count and largest value (timestamp = value), committed by the FileSink.</summary>
    private static JobGraph Windows(string output, int parallelism, long count, double? rate, long windowMillis, string? restore = null, bool withMax = false)
    {
        var conf = new Configuration();
        if (restore is not null) conf.Set(CheckpointingOptions.StateRecoveryPath, restore);
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(parallelism);
        env.EnableCheckpointing(TimeSpan.FromMilliseconds(50), CheckpointingMode.EXACTLY_ONCE);
        env.FromSource(new DataGeneratorSource<long>(i => i + 1, count, rate), "Numbers", 1).Uid("numbers")
            .AssignTimestampsAndWatermarks(WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner((v, _) => v)).Uid("timestamps")
            .Map(v => (Key: v % Keys, Sum: v, Count: 1L, Max: v)).Uid("keys")
            .KeyBy(t => t.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(windowMillis)))
            .Reduce((a, b) => (a.Key, a.Sum + b.Sum, a.Count + b.Count, Math.Max(a.Max, b.Max))).Uid("windows")
            .Map(t => withMax ? $"{t.Key},{t.Sum},{t.Count},{t.Max}" : $"{t.Key},{t.Sum}").Uid("lines")
            .SinkTo(FileSink.ForRowFormat(output, new SimpleStringEncoder<string>())
                .WithBucketAssigner(new BasePathBucketAssigner<string>())
                .WithRollingPolicy(new DefaultRollingPolicy<string>(maxPartSize: 4096))
                .Build()).Uid("sink");
        return JobGraph.FromStreamGraph(env.GetStreamGraph("windows"));
    }

    private static async Task<List<string>> RunToEndAsync(MiniCluster cluster, JobGraph job, string output)
    {
        var master = cluster.SubmitJob(job);
        Assert.Equal(JobStatus.FINISHED, (await master.ResultTask.WaitAsync(Timeout)).Status);
        return Committed(output);
    }

    /// <summary>Awaits <paramref name="task"/>; on timeout fails describing the job's tasks and checkpoints.</summary>
    private static async Task<T> WithinTimeoutAsync<T>(Task<T> task, JobMasterType job)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Not done within {Timeout}: {Describe(job)}");
        }
    }

    /// <summary>Waits for <paramref name="n"/> more periodic checkpoints; fails describing the job if it ends first.</summary>
    private static async Task CheckpointsCompletedAsync(JobMasterType job, int n)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        job.CheckpointCoordinator.CheckpointCompleted += c =>
        {
            if (!c.Properties.IsSavepoint && Interlocked.Increment(ref seen) >= n) done.TrySetResult();
        };
        if (await WithinTimeoutAsync(Task.WhenAny(done.Task, job.ResultTask), job) != done.Task)
            throw new InvalidOperationException($"The job ended before {n} checkpoints completed: {Describe(job)}");
    }

    /// <summary>Committed part files: visible names only (in-progress files are hidden, as in Flink).</summary>
    private static List<string> Committed(string output) =>
        Directory.Exists(output)
            ? Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).SelectMany(File.ReadLines).ToList()
            : [];
}
