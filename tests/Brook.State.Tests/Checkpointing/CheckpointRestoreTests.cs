using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sources;
using Brook.Streaming.State;
using Brook.TestSupport;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Checkpoints on the embedded cluster: a keyed rolling sum over a replayable generator is checkpointed to a
/// directory, the job is cancelled, and a new job started from that checkpoint continues each key's sum with
/// nothing lost or counted twice; a corrupt _metadata is refused naming the file.
/// </summary>
public sealed class CheckpointRestoreTests : IDisposable
{
    private const long Count = 60_000;
    private const int Keys = 7;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-ckpt-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private sealed class RollingSum : KeyedProcessFunction<long, long, (long Key, long Sum)>
    {
        private IValueState<long> _sum = null!;

        public override void Open() => _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));

        public override void ProcessElement(long value, Context context, ICollector<(long Key, long Sum)> output)
        {
            var sum = _sum.Value() + value;
            _sum.Update(sum);
            output.Collect((value % Keys, sum));
        }
    }

    private static JobGraph Job(Configuration conf, double? rate, ConcurrentQueue<(long Key, long Sum)> results, ProgressSignal? signal = null)
    {
        var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(conf), conf).SetParallelism(2);
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        env.CheckpointConfig.CheckpointStorage = conf.Get(CheckpointingOptions.Directory)!;
        env.CheckpointConfig.ExternalizedCheckpointRetention = ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION;
        env.FromSource(new DataGeneratorSource<long>(i => i + 1, Count, rate), "Numbers", 1)
            .KeyBy(v => v % Keys)
            .Process(new RollingSum())
            .SinkTo(new ActionSink<(long Key, long Sum)>(r =>
            {
                results.Enqueue(r);
                signal?.Pulse();
            }, "Collect"));
        return JobGraph.FromStreamGraph(env.GetStreamGraph("rolling-sum"));
    }

    /// <summary>Checkpoints once the job has produced <paramref name="minimumOutput"/> results, so the checkpoint falls mid-stream.</summary>
    private static async Task<CompletedCheckpoint> CheckpointMidStreamAsync(Runtime.JobMaster.JobMaster job, ConcurrentQueue<(long, long)> output, ProgressSignal outputSignal,
        int minimumOutput = 1_000)
    {
        job.StateChanged += _ => outputSignal.Pulse();
        await outputSignal.UntilAsync(() => output.Count >= minimumOutput, "the job produced output", Timeout);
        return await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_job_restored_from_a_checkpoint_continues_every_keys_sum_exactly()
    {
        var conf = new Configuration().Set(CheckpointingOptions.Directory, _dir).Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var first = new ConcurrentQueue<(long Key, long Sum)>();
        var signal = new ProgressSignal();
        var job = cluster.SubmitJob(Job(conf, rate: 20_000, first, signal));
        var checkpoint = await CheckpointMidStreamAsync(job, first, signal);
        job.Cancel();
        await job.ResultTask.WaitAsync(Timeout);

        // Laid out as Flink lays it out, and kept after the cancel (RETAIN_ON_CANCELLATION).
        Assert.Equal(Path.Combine(_dir, job.JobId.Hex, "chk-" + checkpoint.CheckpointId), checkpoint.ExternalPointer);
        Assert.True(File.Exists(Path.Combine(checkpoint.ExternalPointer!, "_metadata")));
        var loaded = CheckpointMetadataFormat.Load(checkpoint.ExternalPointer!);
        Assert.Equal(checkpoint.CheckpointId, loaded.CheckpointId);
        Assert.Equal(checkpoint.StateSize, loaded.StateSize);

        var resumed = new ConcurrentQueue<(long Key, long Sum)>();
        var restoreConf = conf.Copy().Set(CheckpointingOptions.StateRecoveryPath, checkpoint.ExternalPointer);
        var second = cluster.SubmitJob(Job(restoreConf, rate: null, resumed));
        var result = await second.ResultTask.WaitAsync(Timeout);
        Assert.Equal(JobStatus.FINISHED, result.Status);

        // The uninterrupted run's sums, per key, in order (one source subtask keeps each key's order).
        var expected = new Dictionary<long, List<long>>();
        var sums = new long[Keys];
        for (long v = 1; v <= Count; v++)
        {
            sums[v % Keys] += v;
            (expected.TryGetValue(v % Keys, out var l) ? l : expected[v % Keys] = []).Add(sums[v % Keys]);
        }
        Assert.InRange(resumed.Count, 1, Count - 1);
        foreach (var group in resumed.GroupBy(r => r.Key))
        {
            var tail = expected[group.Key].TakeLast(group.Count()).ToList();
            Assert.Equal(tail, group.Select(r => r.Sum).ToList());
        }
        // Every key ends at its uninterrupted total: no record was lost or counted twice across the restore.
        Assert.Equal(sums, Enumerable.Range(0, Keys).Select(k => resumed.Where(r => r.Key == k).Max(r => r.Sum)));
    }

    [Fact]
    public async Task A_corrupt_or_truncated_metadata_file_is_refused_naming_the_file()
    {
        var conf = new Configuration().Set(CheckpointingOptions.Directory, _dir).Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var output = new ConcurrentQueue<(long, long)>();
        var signal = new ProgressSignal();
        var job = cluster.SubmitJob(Job(conf, rate: 20_000, output, signal));
        var checkpoint = await CheckpointMidStreamAsync(job, output, signal, minimumOutput: 1);
        job.Cancel();
        await job.ResultTask.WaitAsync(Timeout);
        var metadata = Path.Combine(checkpoint.ExternalPointer!, "_metadata");
        var bytes = File.ReadAllBytes(metadata);

        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(metadata, bytes);
        var corrupt = Assert.Throws<InvalidDataException>(() => cluster.SubmitJob(Job(conf.Copy().Set(CheckpointingOptions.StateRecoveryPath, checkpoint.ExternalPointer), null, new())));
        Assert.Contains(metadata, corrupt.Message);
        Assert.Contains("checksum", corrupt.Message);

        File.WriteAllBytes(metadata, bytes[..(bytes.Length / 2)]);
        var truncated = Assert.Throws<InvalidDataException>(() => CheckpointMetadataFormat.Load(checkpoint.ExternalPointer!));
        Assert.Contains(metadata, truncated.Message);
        Assert.Contains("truncated", truncated.Message);
    }

    [Fact]
    public async Task State_of_an_operator_the_new_job_does_not_have_is_refused_unless_allowed()
    {
        var conf = new Configuration().Set(CheckpointingOptions.Directory, _dir).Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var output = new ConcurrentQueue<(long, long)>();
        var signal = new ProgressSignal();
        var job = cluster.SubmitJob(Job(conf, rate: 20_000, output, signal));
        var checkpoint = await CheckpointMidStreamAsync(job, output, signal);
        job.Cancel();
        await job.ResultTask.WaitAsync(Timeout);

        JobGraph Other(Configuration c)
        {
            var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(c), c);
            env.FromSequence(1, 10).SinkTo(new ActionSink<long>(_ => { }, "Discard"));
            return JobGraph.FromStreamGraph(env.GetStreamGraph("other"));
        }
        var restore = conf.Copy().Set(CheckpointingOptions.StateRecoveryPath, checkpoint.ExternalPointer);
        var e = Assert.Throws<InvalidOperationException>(() => cluster.SubmitJob(Other(restore)));
        Assert.Contains("Cannot map checkpoint/savepoint state for operator", e.Message);
        var allowed = cluster.SubmitJob(Other(restore.Copy().Set(CheckpointingOptions.StateRecoveryIgnoreUnclaimedState, true)));
        Assert.Equal(JobStatus.FINISHED, (await allowed.ResultTask.WaitAsync(Timeout)).Status);
    }

    [Fact]
    public async Task Periodic_checkpoints_from_the_cluster_configuration_keep_exactly_the_retained_number()
    {
        // Checkpointing is switched on by the cluster's configuration alone; the job does not call EnableCheckpointing.
        var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2).Set(CheckpointingOptions.Directory, _dir)
            .Set(CheckpointingOptions.NumRetained, 2)
            .Set(CheckpointingOptions.ExternalizedCheckpointRetention, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION)
            .SetRaw("execution.checkpointing.interval", "30 ms");
        await using var cluster = new MiniCluster(conf);
        var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(new Configuration()), new Configuration()).SetParallelism(2);
        env.FromSource(new DataGeneratorSource<long>(i => i, long.MaxValue, 5_000), "Numbers", 2).KeyBy(v => v % Keys).Sum(v => v)
            .SinkTo(new ActionSink<(long, long)>(_ => { }, "Discard"));
        var job = cluster.SubmitJob(JobGraph.FromStreamGraph(env.GetStreamGraph("periodic")));
        var completed = 0;
        var signal = new ProgressSignal();
        job.CheckpointCoordinator.CheckpointCompleted += _ =>
        {
            Interlocked.Increment(ref completed);
            signal.Pulse();
        };
        await signal.UntilAsync(() => Volatile.Read(ref completed) >= 4, "four periodic checkpoints completed", Timeout);
        job.Cancel();
        await job.ResultTask.WaitAsync(Timeout);

        var retained = job.CheckpointCoordinator.CompletedCheckpoints;
        Assert.Equal(2, retained.Count);
        var onDisk = Directory.GetDirectories(Path.Combine(_dir, job.JobId.Hex), "chk-*").Select(d => Path.GetFileName(d)).Order().ToList();
        Assert.Equal(retained.Select(c => "chk-" + c.CheckpointId).Order().ToList(), onDisk);
        Assert.All(onDisk, d => CheckpointMetadataFormat.Load(Path.Combine(_dir, job.JobId.Hex, d)));
    }

    [Fact]
    public async Task Without_a_directory_checkpoints_stay_in_the_JobManagers_memory()
    {
        var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var output = new ConcurrentQueue<(long, long)>();
        var signal = new ProgressSignal();
        var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(conf), conf).SetParallelism(2);
        env.EnableCheckpointing(TimeSpan.FromHours(1));
        env.FromSource(new DataGeneratorSource<long>(i => i + 1, Count, 20_000), "Numbers", 1).KeyBy(v => v % Keys).Process(new RollingSum())
            .SinkTo(new ActionSink<(long, long)>(r =>
            {
                output.Enqueue(r);
                signal.Pulse();
            }, "Collect"));
        var job = cluster.SubmitJob(JobGraph.FromStreamGraph(env.GetStreamGraph("in-memory")));
        var checkpoint = await CheckpointMidStreamAsync(job, output, signal);
        job.Cancel();
        await job.ResultTask.WaitAsync(Timeout);

        Assert.Null(checkpoint.ExternalPointer);
        var keyed = job.JobGraph.Vertices.Single(v => v.Name.Contains("KeyedProcess"));
        var restore = checkpoint.TaskRestoreFor(keyed, 0)!;
        Assert.NotEmpty(restore.Operators[keyed.OperatorIdsInChainOrder.First().Hex].KeyedStates);
    }

    [Fact]
    public void Unaligned_checkpoints_need_exactly_once_and_are_off_without_an_interval()
    {
        var conf = new Configuration().Set(CheckpointingOptions.UnalignedEnabled, true).SetRaw("execution.checkpointing.interval", "1 s");
        var on = CheckpointCoordinatorConfiguration.FromConfiguration(conf);
        Assert.True(on.UnalignedCheckpointsEnabled);
        var atLeastOnce = conf.Copy().Set(CheckpointingOptions.Mode, CheckpointingMode.AT_LEAST_ONCE);
        var e = Assert.Throws<ConfigurationException>(() => CheckpointCoordinatorConfiguration.FromConfiguration(atLeastOnce));
        Assert.Equal("Unaligned checkpoints are currently only supported for checkpointing mode EXACTLY_ONCE.", e.Message);
        // Without an interval a job still gets a coordinator (manual checkpoints), at-least-once as in Flink, and aligned.
        var off = CheckpointCoordinatorConfiguration.FromConfiguration(new Configuration().Set(CheckpointingOptions.UnalignedEnabled, true));
        Assert.Equal((null, false, CheckpointingMode.AT_LEAST_ONCE, false), (off.Interval, off.IsPeriodicCheckpointingConfigured, off.Mode, off.UnalignedCheckpointsEnabled));
        var legacy = new Configuration().SetRaw("state.checkpoints.dir", "/tmp/x").SetRaw("execution.checkpointing.interval", "5 s");
        Assert.Equal("/tmp/x", CheckpointCoordinatorConfiguration.FromConfiguration(legacy).Directory);
    }
}
