using System.Runtime.CompilerServices;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.OperatorEvents;
using Brook.Runtime.Tests.Failover;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Functions;
using Brook.Streaming.Sources;
using Brook.Streaming.State;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.OperatorEvents;

/// <summary>
/// Real jobs whose source readers reach their enumerators only through operator event bytes (as tasks in TaskManager
/// processes do), over a loopback on other threads, against the same jobs in process.
/// </summary>
public sealed class RemoteSourceJobTests
{
    private const int Keys = 5;

    private static Configuration Conf() => new Configuration()
        .SetRaw("restart-strategy.type", "fixed-delay")
        .SetRaw("restart-strategy.fixed-delay.delay", "0 ms")
        .SetRaw("jobmanager.execution.failover-strategy", "full")
        .Set(CoreOptions.NumberOfTaskSlots, 2);

    /// <summary>A cluster whose tasks are deployed through <see cref="LoopbackTaskExecutor"/>s, or directly (in process).</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly MC _cluster = new(Conf());
        private readonly List<LoopbackTaskExecutor> _loopbacks = [];

        public Func<int, bool>? UnreachableAttempts { get; init; }

        public Func<int, bool>? UnreachableTasks { get; init; }

        public JobMaster.JobMaster Submit(StreamExecutionEnvironment env, string name, bool remote)
        {
            var graph = JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph(name));
            if (!remote) return _cluster.SubmitJob(graph);
            JobMaster.JobMaster? job = null;
            var loopbacks = _cluster.TaskExecutors.ToDictionary(te => te.Id, te => new LoopbackTaskExecutor(te, () => job!, UnreachableAttempts, UnreachableTasks));
            _loopbacks.AddRange(loopbacks.Values);
            job = new JobMaster.JobMaster(graph, _cluster.ResourceManager, id => loopbacks.GetValueOrDefault(id), _cluster.Configuration, _cluster.Time);
            job.Start();
            return job;
        }

        public long EventsToJobManager => _loopbacks.Sum(l => l.EventsToJobManager);

        public long EventsToTasks => _loopbacks.Sum(l => l.EventsToTasks);

        public IEnumerable<Exception> FailedSubtasks => _loopbacks.SelectMany(l => l.FailedSubtasks);

        public async ValueTask DisposeAsync()
        {
            await _cluster.DisposeAsync();
            foreach (var l in _loopbacks) l.Dispose();
        }
    }

    private static StreamExecutionEnvironment Env2() => StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), Conf()).SetParallelism(2);

    [Fact]
    public async Task ABoundedSourceWhoseSplitsAreRequestedOverTheWireReadsExactlyWhatItReadsInProcess()
    {
        async Task<(List<long> Output, long ToJobManager, long ToTasks)> Run(bool remote)
        {
            await using var cluster = new Cluster();
            var sink = new AttemptSink<long>();
            var env = Env2();
            env.FromSource(new ManySplitsSource(20_000, splits: 16), "Numbers").Map(v => v * 3).SinkTo(sink);
            var job = cluster.Submit(env, "bounded", remote);
            var result = await job.ResultTask.WaitAsync(Env.Timeout);
            Assert.Equal(JobStatus.FINISHED, result.Status);
            Assert.Empty(cluster.FailedSubtasks);
            return (sink.Records.Select(r => r.Value).Order().ToList(), cluster.EventsToJobManager, cluster.EventsToTasks);
        }

        var inProcess = await Run(remote: false);
        var remote = await Run(remote: true);

        Assert.Equal(Enumerable.Range(1, 20_000).Select(v => v * 3L), inProcess.Output);
        Assert.Equal(inProcess.Output, remote.Output);
        Assert.Equal((0, 0), (inProcess.ToJobManager, inProcess.ToTasks));
        // Two registrations and a request per split plus one per reader at the end; 16 splits and two "no more splits" back.
        Assert.Equal(2 + 16 + 2, remote.ToJobManager);
        Assert.Equal(16 + 2, remote.ToTasks);
    }

    [Fact]
    public async Task AnUnboundedSourceOverTheWireEmitsEachSubtasksSequenceAsInProcess()
    {
        const int PerSubtask = 5_000;

        async Task<List<List<long>>> Run(bool remote)
        {
            await using var cluster = new Cluster();
            var sink = new AttemptSink<long>();
            var env = Env2();
            env.FromSource(new DataGeneratorSource<long>(i => i, long.MaxValue), "Generator").SinkTo(sink);
            var job = cluster.Submit(env, "unbounded", remote);
            await Env.Until(sink.Progress, () => Enumerable.Range(0, 2).All(s => sink.Records.Count(r => r.Subtask == s) >= PerSubtask), "both subtasks emitted");
            var registration = OperatorEventSerializer.Write(new OperatorEvent(OperatorEventKind.ReaderRegistration, 0, 0));
            Assert.Contains("is not a source", Assert.Throws<InvalidDataException>(() =>
                job.DeliverOperatorEventToCoordinator(new Core.Ids.OperatorId("00000000000000000000000000000000"), 0, 0, registration)).Message);
            job.Cancel();
            Assert.Equal(JobStatus.CANCELED, (await job.ResultTask.WaitAsync(Env.Timeout)).Status);
            Assert.Empty(cluster.FailedSubtasks);
            return Enumerable.Range(0, 2).Select(s => sink.Records.Where(r => r.Subtask == s).Select(r => r.Value).Take(PerSubtask).ToList()).ToList();
        }

        var inProcess = await Run(remote: false);
        var remote = await Run(remote: true);

        var ranges = IndexRangeSplit.Divide(0, long.MaxValue, 2);
        for (var s = 0; s < 2; s++)
        {
            Assert.Equal(Enumerable.Range(0, PerSubtask).Select(i => ranges[s].Start + i), inProcess[s]);
            Assert.Equal(inProcess[s], remote[s]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AfterARestoreThroughTheWireEverySplitIsReadExactlyOnceIncludingThoseAssignedAfterTheCheckpoint(bool remote)
    {
        const long Count = 100_000;
        await using var cluster = new Cluster();
        var sink = new AttemptSink<(long Key, long Sum)>();
        var armed = new StrongBox<bool>();
        var env = Env2();
        env.FromSource(new ManySplitsSource(Count, splits: 60, firstAttemptRecordsPerSecond: 10_000), "Numbers")
            .Map(new FailWhenArmed(armed)).SetParallelism(1)
            .KeyBy(v => v % Keys)
            .Process(new RollingSum(Keys))
            .SinkTo(sink);
        var job = cluster.Submit(env, "restore", remote);

        await Env.Until(sink.Progress, () => sink.Count(0) >= 2_000, "the job produced output");
        var checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync().WaitAsync(Env.Timeout);
        Volatile.Write(ref armed.Value, true);
        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.Empty(cluster.FailedSubtasks);
        var sourceHead = job.JobGraph.Vertices.First(v => v.IsSource);
        var unassigned = SourceSplitSerializer<IndexRangeSplit>.ReadEnumeratorState(checkpoint.OperatorStates[sourceHead.OperatorIds[sourceHead.Head.Id].Hex].CoordinatorState!);
        Assert.InRange(unassigned.Count, 1, 59);
        Assert.Equal(1, job.NumRestarts);
        // Each key's final sum counts every number of the key once: nothing lost (splits the enumerator had handed out
        // after the checkpoint went back to it), nothing twice (splits the readers held came back from their state).
        var finalSums = sink.Records.Where(r => r.Attempt == 1).GroupBy(r => r.Value.Key).ToDictionary(g => g.Key, g => g.Max(r => r.Value.Sum));
        for (var key = 0L; key < Keys; key++)
        {
            var k = key;
            Assert.Equal(LongRange(1, Count).Where(v => v % Keys == k).Sum(), finalSums[key]);
        }
        if (remote) Assert.True(cluster.EventsToTasks > 60, "the splits went through the wire");
    }

    [Fact]
    public async Task AReaderWhoseRegistrationIsLostFailsItsTaskAndTheRestartedAttemptsReadEverything()
    {
        await using var cluster = new Cluster { UnreachableAttempts = attempt => attempt == 0 };
        var sink = new AttemptSink<long>();
        var env = Env2();
        env.FromSource(new ManySplitsSource(10_000, splits: 8), "Numbers").SinkTo(sink);
        var job = cluster.Submit(env, "lost registration", remote: true);

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.Contains("did not reach the split enumerator", job.Snapshot().ExceptionHistory[0].Message);
        Assert.Equal(0, sink.Count(0));
        Assert.Equal(LongRange(1, 10_000), sink.Records.Where(r => r.Attempt == 1).Select(r => r.Value).Order());
    }

    [Fact]
    public async Task ASplitThatCannotReachItsReaderFailsTheSubtaskAndTheRestartedAttemptsReadEverything()
    {
        await using var cluster = new Cluster { UnreachableTasks = attempt => attempt == 0 };
        var sink = new AttemptSink<long>();
        var env = Env2();
        env.FromSource(new ManySplitsSource(10_000, splits: 8), "Numbers").SinkTo(sink);
        var job = cluster.Submit(env, "lost split", remote: true);

        var result = await job.ResultTask.WaitAsync(Env.Timeout);

        Assert.Equal(JobStatus.FINISHED, result.Status);
        Assert.Contains("could not be delivered", job.Snapshot().ExceptionHistory[0].Message);
        Assert.NotEmpty(cluster.FailedSubtasks);
        Assert.Equal(0, sink.Count(0));
        Assert.Equal(LongRange(1, 10_000), sink.Records.Where(r => r.Attempt == 1).Select(r => r.Value).Order());
    }

    private static IEnumerable<long> LongRange(long from, long to)
    {
        for (var v = from; v <= to; v++) yield return v;
    }
}
