using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sources;
using Brook.Streaming.State;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;
using Brook.TestSupport;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// Barriers through several channels and two inputs, and every kind of state in a checkpoint: each job is
/// checkpointed mid-stream, cancelled and restored, and what it ends with is compared with an uninterrupted run.
/// </summary>
public sealed class CheckpointAlignmentTests : IDisposable
{
    private const long Count = 40_000;
    private const int Keys = 5;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-ckpt-align-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static DataGeneratorSource<long> Numbers(bool throttled, long count = Count) => new(i => i + 1, count, throttled ? 20_000 : null);

    private static long[] Totals(long count = Count)
    {
        var sums = new long[Keys];
        for (long v = 1; v <= count; v++) sums[v % Keys] += v;
        return sums;
    }

    [Theory]
    [InlineData(CheckpointingMode.EXACTLY_ONCE)]
    [InlineData(CheckpointingMode.AT_LEAST_ONCE)]
    public async Task Keyed_sums_over_two_source_subtasks_end_at_the_uninterrupted_totals(CheckpointingMode mode)
    {
        // Two source subtasks feed each keyed subtask through two channels: the barriers are aligned (or tracked).
        var run = await CheckpointedRun.CheckpointCancelAndRestoreAsync<(long Key, long Value)>(_dir, (env, throttled, sink) =>
            env.FromSource(Numbers(throttled), "Numbers", 2).KeyBy(v => v % Keys).Sum(v => v).SinkTo(new ActionSink<(long Key, long Value)>(sink, "Collect")), mode);

        var finals = Enumerable.Range(0, Keys).Select(k => run.Resumed.Where(r => r.Key == k).Max(r => r.Value)).ToArray();
        if (mode == CheckpointingMode.EXACTLY_ONCE) Assert.Equal(Totals(), finals);
        else Assert.All(finals.Zip(Totals()), p => Assert.True(p.First >= p.Second, $"lost records: {p.First} < {p.Second}"));
        Assert.InRange(run.Resumed.Count, 1, Count - 1);

        var stats = run.Statistics.First(s => s.CheckpointId == run.Checkpoint.CheckpointId);
        Assert.Equal(CheckpointStatsStatus.COMPLETED, stats.Status);
        Assert.Equal(stats.NumberOfSubtasks, stats.NumberOfAcknowledgedSubtasks);
        Assert.Equal(4, stats.Subtasks.Count); // 2 source subtasks, 2 of sum -> sink
        Assert.True(stats.StateSize > 0);
        Assert.All(stats.Subtasks, s => Assert.True(s.Subtask.SyncDurationMillis >= 0 && s.Subtask.AsyncDurationMillis >= 0 && s.Subtask.AckTimestamp > 0));
    }

    private sealed class SumBoth : KeyedCoProcessFunction<long, long, long, (long Key, long Sum)>
    {
        private IValueState<long> _sum = null!;

        public override void Open() => _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));

        public override void ProcessElement1(long value, Context context, ICollector<(long Key, long Sum)> output) => Add(value % Keys, value, output);

        public override void ProcessElement2(long value, Context context, ICollector<(long Key, long Sum)> output) => Add(value % Keys, value * 1000, output);

        private void Add(long key, long value, ICollector<(long Key, long Sum)> output)
        {
            _sum.Update(_sum.Value() + value);
            output.Collect((key, _sum.Value()));
        }
    }

    [Fact]
    public async Task A_two_input_operator_aligns_barriers_of_both_inputs()
    {
        var run = await CheckpointedRun.CheckpointCancelAndRestoreAsync<(long Key, long Sum)>(_dir, (env, throttled, sink) =>
        {
            var a = env.FromSource(Numbers(throttled), "A", 1);
            var b = env.FromSource(Numbers(throttled), "B", 2);
            a.Connect(b).KeyBy(x => x % Keys, y => y % Keys).Process(new SumBoth()).SinkTo(new ActionSink<(long Key, long Sum)>(sink, "Collect"));
        });
        var expected = Totals().Select(t => t * 1001);
        Assert.Equal(expected, Enumerable.Range(0, Keys).Select(k => run.Resumed.Where(r => r.Key == k).Max(r => r.Sum)));
    }

    private sealed class Stamp : ITimestampAssigner<long>
    {
        public long ExtractTimestamp(long element, long recordTimestamp) => element;
    }

    private sealed class CountWindow : ProcessWindowFunction<long, (long Key, long End, long Count), long, TimeWindow>
    {
        public override void Process(long key, Context context, IEnumerable<long> elements, ICollector<(long Key, long End, long Count)> output) =>
            output.Collect((key, context.Window.End, elements.LongCount()));
    }

    [Fact]
    public async Task Event_time_windows_and_their_timers_resume_from_a_checkpoint()
    {
        var run = await CheckpointedRun.CheckpointCancelAndRestoreAsync<(long Key, long End, long Count)>(_dir, (env, throttled, sink) =>
            env.FromSource(Numbers(throttled), "Numbers", 1)
                .AssignTimestampsAndWatermarks(WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner(new Stamp()))
                .KeyBy(v => v % Keys)
                .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(1000)))
                .Process(new CountWindow())
                .SinkTo(new ActionSink<(long Key, long End, long Count)>(sink, "Collect")), minimumOutput: 5);

        var expected = Enumerable.Range(1, (int)Count).GroupBy(v => (Key: (long)(v % Keys), End: (long)(v - v % 1000 + 1000))).ToDictionary(g => g.Key, g => (long)g.Count());
        // Every window the restored job fired has exactly its uninterrupted count (its contents and timer were restored)...
        Assert.NotEmpty(run.Resumed);
        Assert.All(run.Resumed, r => Assert.Equal(expected[(r.Key, r.End)], r.Count));
        Assert.Equal(run.Resumed.Count, run.Resumed.Distinct().Count());
        // ...and together with what fired before the checkpoint, every window fired.
        Assert.Equal(expected.Keys.Order(), run.First.Concat(run.Resumed).Select(r => (r.Key, r.End)).Distinct().Order());
    }

    /// <summary>Counts in a field, moved into operator list state on each snapshot (Flink's CheckpointedFunction pattern); hears completions.</summary>
    private sealed class CountingMap(ConcurrentQueue<long> completed, ConcurrentQueue<bool> restored) : RichMapFunction<long, long>, ICheckpointedFunction, ICheckpointListener
    {
        private IListState<long> _state = null!;
        private long _count;

        public void InitializeState(IFunctionInitializationContext context)
        {
            restored.Enqueue(context.IsRestored);
            _state = context.OperatorStateStore.GetListState(new ListStateDescriptor<long>("count"));
            _count = _state.Get().Sum();
        }

        public void SnapshotState(IFunctionSnapshotContext context) => _state.Update([_count]);

        public void NotifyCheckpointComplete(long checkpointId) => completed.Enqueue(checkpointId);

        public override long Map(long value) => ++_count;
    }

    [Fact]
    public async Task A_checkpointed_function_moves_its_field_into_list_state_and_resumes_counting()
    {
        var completed = new ConcurrentQueue<long>();
        var restored = new ConcurrentQueue<bool>();
        var run = await CheckpointedRun.CheckpointCancelAndRestoreAsync<long>(_dir, (env, throttled, sink) =>
            env.FromSource(Numbers(throttled), "Numbers", 1).Map(new CountingMap(completed, restored)).SetParallelism(1).SinkTo(new ActionSink<long>(sink, "Collect")));
        Assert.Equal([false, true], restored);
        // The restored count goes on from the checkpointed one: the last element is the Count-th.
        Assert.Equal(Count, run.Resumed.Max());
        Assert.Equal(Enumerable.Range((int)(Count - run.Resumed.Count + 1), run.Resumed.Count).Select(i => (long)i), run.Resumed.Order());
        Assert.Contains(run.Checkpoint.CheckpointId, completed);
    }

    [Fact]
    public async Task Checkpoints_go_on_after_a_bounded_source_finished()
    {
        var conf = new Configuration().Set(CheckpointingOptions.Directory, _dir).Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var signal = new ProgressSignal();
        var job = cluster.SubmitJob(CheckpointedRun.Job<long>(conf, (env, _, sink) =>
            env.FromSequence(1, 10).SetParallelism(1).Union(env.FromSource(Numbers(true, long.MaxValue), "Endless", 1))
                .KeyBy(v => v % Keys).Sum(v => v).Map(r => r.Value).SinkTo(new ActionSink<long>(sink, "Collect")), true, _ => signal.Pulse()));
        job.StateChanged += _ => signal.Pulse();
        var sequence = job.JobGraph.Vertices.First(v => v.Name.Contains("Sequence"));
        bool SequenceFinished() => job.Snapshot().Vertex(sequence.Id)!.Subtasks.All(s => s.CurrentExecution.State == ExecutionState.FINISHED);
        // A trigger before every task runs fails (not all required tasks are running).
        await signal.UntilAsync(() => SequenceFinished() || job.Snapshot().Vertices.All(v => v.Subtasks.All(t => t.CurrentExecution.State == ExecutionState.RUNNING)),
            "every task runs", CheckpointedRun.Timeout);
        // The source that reached its end waits for a checkpoint covering its final state (FLIP-147); the endless
        // branch keeps the job running, so only a triggered checkpoint lets it finish.
        for (var round = 0; !SequenceFinished(); round++)
        {
            Assert.True(round < 1000, "The bounded source did not finish after 1000 checkpoints.");
            await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(CheckpointedRun.Timeout);
        }

        var checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(CheckpointedRun.Timeout);
        Assert.Equal([0], checkpoint.OperatorStates[sequence.OperatorIdsInChainOrder.First().Hex].FinishedSubtasks);
        job.Cancel();
        await job.ResultTask.WaitAsync(CheckpointedRun.Timeout);
    }

    [Fact]
    public async Task The_socket_source_declines_checkpoints_because_it_cannot_replay()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var job = cluster.SubmitJob(CheckpointedRun.Job<string>(conf, (env, _, sink) =>
            env.SocketTextStream("127.0.0.1", port).SetParallelism(1).SinkTo(new ActionSink<string>(sink, "Collect")), false, _ => { }));
        using var client = await listener.AcceptTcpClientAsync().WaitAsync(CheckpointedRun.Timeout);
        var signal = new ProgressSignal();
        job.StateChanged += _ => signal.Pulse();
        await signal.UntilAsync(() => job.Snapshot().Vertices.All(v => v.Subtasks.All(t => t.CurrentExecution.State == ExecutionState.RUNNING)), "every task runs", CheckpointedRun.Timeout);

        var e = await Assert.ThrowsAsync<CheckpointException>(() => job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(CheckpointedRun.Timeout));
        Assert.Equal(CheckpointFailureReason.CheckpointDeclined, e.Reason);
        Assert.Contains("not replayable", e.Message);
        job.Cancel();
        await job.ResultTask.WaitAsync(CheckpointedRun.Timeout);
    }
    [Fact]
    public async Task Declined_manual_checkpoints_of_a_job_without_an_interval_count_as_in_flink_and_fail_it_past_the_limit()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2).Set(CheckpointingOptions.TolerableFailedCheckpoints, 1);
        await using var cluster = new MiniCluster(conf);
        var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(conf), conf).SetParallelism(1);
        env.SocketTextStream("127.0.0.1", port).SinkTo(new ActionSink<string>(_ => { }, "Discard"));
        var job = cluster.SubmitJob(Runtime.JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("socket without interval")));
        using var client = await listener.AcceptTcpClientAsync().WaitAsync(CheckpointedRun.Timeout);
        var signal = new ProgressSignal();
        job.StateChanged += _ => signal.Pulse();
        await signal.UntilAsync(() => job.Snapshot().Vertices.All(v => v.Subtasks.All(t => t.CurrentExecution.State == ExecutionState.RUNNING)), "every task runs", CheckpointedRun.Timeout);

        // Flink's CheckpointFailureManager exempts only savepoints: a declined manual checkpoint counts like a periodic one.
        var first = await Assert.ThrowsAsync<CheckpointException>(() => job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(CheckpointedRun.Timeout));
        Assert.Equal(CheckpointFailureReason.CheckpointDeclined, first.Reason);
        Assert.Equal((JobStatus.RUNNING, 1), (job.Status, job.CheckpointCoordinator.ContinuousFailures));
        await Assert.ThrowsAsync<CheckpointException>(() => job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(CheckpointedRun.Timeout));
        var result = await job.ResultTask.WaitAsync(CheckpointedRun.Timeout);
        Assert.Equal(JobStatus.FAILED, result.Status);
        Assert.Contains("Exceeded checkpoint tolerable failure threshold (1)", job.Snapshot().FailureInfo!.Message);
    }
}
