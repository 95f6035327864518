using System.Runtime.CompilerServices;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.JobGraph;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks.Files;
using Brook.Streaming.Sources;
using Brook.TestSupport;

namespace Brook.State.Tests.Sinks;

/// <summary>The FileSink in jobs without checkpointing: a bounded job commits at the end of its input; an unbounded one never finalizes a file, as in Flink's streaming mode.</summary>
public sealed class FileSinkJobTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-filesink-job-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Encodes as the string encoder does and tells the test each time a record was written.</summary>
    private sealed class SignallingEncoder(ProgressSignal signal, StrongBox<long> written) : IEncoder<long>
    {
        private readonly SimpleStringEncoder<long> _inner = new();

        public void Encode(long element, Stream stream)
        {
            _inner.Encode(element, stream);
            Interlocked.Increment(ref written.Value);
            signal.Pulse();
        }
    }

    private (string[] Visible, string[] Hidden) Files()
    {
        var all = Directory.Exists(_dir) ? Directory.GetFiles(_dir, "*", SearchOption.AllDirectories) : [];
        return (all.Where(f => !Path.GetFileName(f).StartsWith('.')).ToArray(), all.Where(f => Path.GetFileName(f).StartsWith('.')).ToArray());
    }

    private static (MiniCluster Cluster, StreamExecutionEnvironment Env) Cluster()
    {
        var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2);
        return (new MiniCluster(conf), StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2));
    }

    [Fact]
    public async Task A_bounded_job_without_checkpoints_ends_with_every_record_in_finished_part_files()
    {
        var (cluster, env) = Cluster();
        await using var _ = cluster;
        env.FromSequence(1, 5_000).SinkTo(FileSink.ForRowFormat(_dir, new SimpleStringEncoder<long>())
            .WithRollingPolicy(new DefaultRollingPolicy<long>(maxPartSize: 1024))
            .Build());
        var job = cluster.SubmitJob(JobGraph.FromStreamGraph(env.GetStreamGraph("bounded")));
        Assert.Equal(JobStatus.FINISHED, (await job.ResultTask.WaitAsync(Timeout)).Status);

        var (visible, hidden) = Files();
        Assert.Empty(hidden);
        Assert.True(visible.Length > 2, "the size policy rolled several part files per subtask");
        // One hourly bucket directory (two if the run crossed an hour), Flink's names inside.
        Assert.All(visible, f => Assert.Matches(@"^\d{4}-\d{2}-\d{2}--\d{2}$", Path.GetFileName(Path.GetDirectoryName(f))));
        Assert.All(visible, f => Assert.Matches(@"^part-[0-9a-f-]{36}-\d+$", Path.GetFileName(f)));
        Assert.Equal(Enumerable.Range(1, 5_000).Select(i => (long)i), visible.SelectMany(File.ReadLines).Select(long.Parse).Order());
    }

    [Fact]
    public async Task An_unbounded_job_without_checkpoints_never_makes_a_file_visible()
    {
        var (cluster, env) = Cluster();
        await using var _ = cluster;
        var signal = new ProgressSignal();
        var written = new StrongBox<long>();
        env.FromSource(new DataGeneratorSource<long>(i => i, long.MaxValue, 20_000), "Numbers", 1)
            .SinkTo(FileSink.ForRowFormat(_dir, new SignallingEncoder(signal, written))
                .WithBucketAssigner(new BasePathBucketAssigner<long>())
                .WithRollingPolicy(new DefaultRollingPolicy<long>(maxPartSize: 256))
                .Build());
        var job = cluster.SubmitJob(JobGraph.FromStreamGraph(env.GetStreamGraph("unbounded")));
        await signal.UntilAsync(() => Volatile.Read(ref written.Value) >= 500, "the sink wrote records", Timeout);
        job.Cancel();
        await job.ResultTask.WaitAsync(Timeout);

        var (visible, hidden) = Files();
        Assert.Empty(visible);
        Assert.True(hidden.Length > 1, "rolled pending files and in-progress files stay hidden");
        Assert.All(hidden, f => Assert.Matches(@"^\.part-[0-9a-f-]{36}-\d+\.inprogress\.[0-9a-f-]{36}$", Path.GetFileName(f)));
    }
}
