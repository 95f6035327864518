using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Streaming;
using Brook.Streaming.Operators;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sources;
using Brook.TestSupport;
using Microsoft.Extensions.Time.Testing;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests;

public sealed class DataExchangeTests
{
    [Fact]
    public async Task APartlyFilledBufferIsFlushedWhenTheBufferTimeoutElapses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(new Configuration().Set(CoreOptions.BufferTimeout, TimeSpan.FromMilliseconds(100)), time);
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster));
        var source = new TrickleSource(3);
        var sink = new CollectSink<long>();
        env.FromSource(source, "Trickle").Rebalance().Map(i => i).SinkTo(sink);
        var client = await env.ExecuteDetachedAsync();

        await Env.Until(source.Progress, () => source.Emitted == 3, "the source emitted its records");
        // Three records sit in a partly filled buffer: nothing is sent before the timeout.
        Assert.Empty(sink.Records);
        time.Advance(TimeSpan.FromMilliseconds(100));
        await Env.Until(sink.Progress, () => sink.Records.Count == 3, "the flush delivered the records");

        await client.CancelAsync();
    }

    [Fact]
    public async Task ABufferTimeoutOfZeroSendsEveryRecordAtOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(new Configuration(), time);
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetBufferTimeout(TimeSpan.Zero);
        var source = new TrickleSource(2);
        var sink = new CollectSink<long>();
        env.FromSource(source, "Trickle").Rebalance().Map(i => i).SinkTo(sink);
        var client = await env.ExecuteDetachedAsync();

        await Env.Until(sink.Progress, () => sink.Records.Count == 2, "each record arrived without a flush timer");
        await client.CancelAsync();
    }

    [Fact]
    public async Task TimeMetricsReportAnIdleTaskAsIdleEverySecond()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(new Configuration(), time);
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster));
        env.FromSource(new TrickleSource(0), "Idle").SinkTo(new ActionSink<long>(_ => { }));
        var client = await env.ExecuteDetachedAsync();
        var job = cluster.GetJob(client.JobId)!;
        await Env.Until(Env.ClusterProgress(cluster, job), () => job.Snapshot().Vertices[0].AggregateState == ExecutionState.RUNNING, "the task runs");

        Metrics.TaskMetricsSnapshot Metrics() => job.Snapshot().Vertices[0].Subtasks[0].CurrentExecution.Metrics;
        // The source waits for data from the start; a full metric window later it was idle 1000 ms per second.
        for (var i = 0; i < 10 && Metrics().IdleTimeMsPerSecond < 999; i++) time.Advance(Runtime.TaskExecutor.TaskExecutor.MetricViewInterval);

        var m = Metrics();
        Assert.Equal(1000, m.IdleTimeMsPerSecond, 1.0);
        Assert.Equal(0, m.BusyTimeMsPerSecond, 1.0);
        Assert.Equal(0, m.BackPressuredTimeMsPerSecond, 1.0);
        Assert.True(m.IdleTimeMs >= 5000);
        await client.CancelAsync();
    }

    [Fact]
    public async Task ProcessingTimeTimersFireOnTheTaskThreadWhenTheirTimeComes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cluster = new MC(new Configuration(), time);
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetBufferTimeout(TimeSpan.Zero);
        var sink = new CollectSink<long>();
        var source = new TrickleSource(1);
        env.FromSource(source, "Trickle").Transform<long>("Timer", () => new TimerOperator()).SinkTo(sink);
        var client = await env.ExecuteDetachedAsync();
        await Env.Until(sink.Progress, () => sink.Records.Count == 1, "the element passed");

        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Single(sink.Records);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Env.Until(sink.Progress, () => sink.Records.Count == 2, "the timer fired");
        Assert.Equal(-1, sink.Values[1]);
        await client.CancelAsync();
    }

    /// <summary>On its first element registers a timer one second ahead that emits -1 from the task thread.</summary>
    private sealed class TimerOperator : AbstractStreamOperator<long>, IOneInputStreamOperator<long>
    {
        private Thread? _taskThread;

        public void ProcessElement(StreamRecord<long> record)
        {
            _taskThread = Thread.CurrentThread;
            // Register before emitting: the test advances the clock as soon as it sees the element.
            ProcessingTimeService.RegisterTimer(ProcessingTimeService.CurrentProcessingTime + 1000, _ =>
            {
                Assert.Same(_taskThread, Thread.CurrentThread);
                Output.Collect(new StreamRecord<long>(-1));
            });
            Output.Collect(record);
        }

        public void EndInput()
        {
        }
    }

    [Fact]
    public async Task WatermarksFlowAsTheMinimumOverChannelsAndEndAtMax()
    {
        var env = Env.Local(2);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(int Subtask, long Watermark)>();
        env.FromSource(new TimestampedSource(), "Timestamped")
            .Rebalance()
            .Transform<long>("Watermarks", () => new WatermarkRecorder(seen)).SetParallelism(3)
            .SinkTo(new ActionSink<long>(_ => { }));

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        foreach (var g in seen.GroupBy(s => s.Subtask))
        {
            var marks = g.Select(s => s.Watermark).ToList();
            Assert.Equal(marks.Order(), marks);
            Assert.Equal(long.MaxValue, marks[^1]);
        }
        Assert.Equal(3, seen.Select(s => s.Subtask).Distinct().Count());
    }

    [Fact]
    public void AnInputGateAdvancesToTheMinimumOfItsChannelsWatermarks()
    {
        var channels = new[] { new Network.LocalInputChannel<int>(4, 8), new Network.LocalInputChannel<int>(4, 8) };
        var gate = new Network.InputGate<int>(channels, new Network.InputSignal());
        void Send(int channel, Network.BufferKind kind, long watermark)
        {
            var b = channels[channel].RequestBuffer();
            b.Kind = kind;
            b.Watermark = watermark;
            channels[channel].Offer(b, CancellationToken.None, null);
        }
        Watermark? Next()
        {
            Assert.Equal(Network.GateResult.Event, gate.Poll(out _, out _));
            return gate.TakeWatermarkAdvance();
        }

        Send(0, Network.BufferKind.Watermark, 10);
        Assert.Null(Next());
        Send(1, Network.BufferKind.Watermark, 5);
        Assert.Equal(new Watermark(5), Next());
        Send(1, Network.BufferKind.Watermark, 20);
        Assert.Equal(new Watermark(10), Next());
        Send(0, Network.BufferKind.EndOfPartition, 0);
        Assert.Equal(new Watermark(20), Next());
        Assert.False(gate.IsFinished);
        Send(1, Network.BufferKind.EndOfPartition, 0);
        Assert.Equal(new Watermark(long.MaxValue), Next());
        Assert.Equal(Network.GateResult.EndOfInput, gate.Poll(out _, out _));
    }

    [Fact]
    public async Task TwoInputOperatorsReadBothInputs()
    {
        var env = Env.Local(2);
        var sink = new CollectSink<string>();
        env.FromSequence(1, 50).Connect(env.FromElements("a", "b", "c")).Map(i => "n" + i, s => s).SinkTo(sink);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(53, sink.Records.Count);
        Assert.Contains("b", sink.Values);
        Assert.Contains("n50", sink.Values);
    }

    [Fact]
    public async Task MetricsCountRecordsPerSubtask()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2));
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetParallelism(2);
        env.FromSequence(1, 10_000).Rebalance().Filter(new EvenFilter()).SinkTo(new ActionSink<long>(_ => { }));
        var client = await env.ExecuteDetachedAsync();
        await client.GetJobExecutionResultAsync().WaitAsync(Env.Timeout);

        var snapshot = cluster.GetJob(client.JobId)!.Snapshot();
        Assert.Equal(JobStatus.FINISHED, snapshot.Status);
        var source = snapshot.Vertices[0];
        var filter = snapshot.Vertices[1];
        Assert.Equal(10_000, source.AggregatedMetrics.NumRecordsOut);
        Assert.Equal(10_000, filter.AggregatedMetrics.NumRecordsIn);
        Assert.Equal(0, filter.AggregatedMetrics.NumRecordsOut);
        Assert.All(filter.Subtasks, s => Assert.True(s.CurrentExecution.Metrics.NumRecordsIn > 0));
        Assert.Equal(0, source.AggregatedMetrics.NumBytesOut);
        Assert.All(snapshot.Vertices.SelectMany(v => v.Subtasks), s =>
        {
            var e = s.CurrentExecution;
            Assert.Equal(ExecutionState.FINISHED, e.State);
            Assert.True(e.StartTime > 0 && e.EndTime >= e.StartTime);
            Assert.Equal(e.Metrics.RunningTimeMs, e.Metrics.BusyTimeMs + e.Metrics.IdleTimeMs + e.Metrics.BackPressuredTimeMs, 2.0);
            Assert.True(e.StateTimestamps[ExecutionState.SCHEDULED] <= e.StateTimestamps[ExecutionState.DEPLOYING]);
            Assert.True(e.StateTimestamps[ExecutionState.RUNNING] <= e.StateTimestamps[ExecutionState.FINISHED]);
            Assert.NotNull(e.TaskManagerId);
        });
        Assert.Equal(ExecutionState.FINISHED, source.AggregateState);
        var kept = Assert.Single(snapshot.Accumulators);
        Assert.Equal(("kept", "LongCounter", (object)5000L), (kept.Name, kept.Type, kept.Value));
        Assert.Equal(5000L, filter.Subtasks.Sum(s => (long)Assert.Single(s.CurrentExecution.Accumulators).Value));
        Assert.True(snapshot.Duration >= 0 && snapshot.EndTime >= snapshot.StartTime);
        Assert.Equal([JobStatus.INITIALIZING, JobStatus.CREATED, JobStatus.RUNNING, JobStatus.FINISHED], snapshot.StatusTimestamps.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key));
    }

    private sealed class EvenFilter : Brook.Streaming.Functions.RichFilterFunction<long>
    {
        public override bool Filter(long value)
        {
            var even = value % 2 == 0;
            if (even) RuntimeContext.GetLongCounter("kept").Add(1);
            return even;
        }
    }

    /// <summary>Emits a few records, then stays idle (unbounded) until cancelled.</summary>
    private sealed class TrickleSource(int count) : ISource<long, IndexRangeSplit>
    {
        private int _emitted;

        public int Count { get; } = count;

        public ProgressSignal Progress { get; } = new();

        public int Emitted => Volatile.Read(ref _emitted);

        public Boundedness Boundedness => Boundedness.ContinuousUnbounded;

        public ISplitEnumerator<IndexRangeSplit> CreateEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context) =>
            new OwnedSplitEnumerator<IndexRangeSplit>(context, [new IndexRangeSplit("0", 0, Count)]);

        public ISourceReader<long, IndexRangeSplit> CreateReader(ISourceReaderContext context) => new Reader(this);

        private sealed class Reader(TrickleSource source) : ISourceReader<long, IndexRangeSplit>
        {
            private readonly TaskCompletionSource _never = new();

            public void Start()
            {
            }

            public InputStatus PollNext(ISourceOutput<long> output)
            {
                if (source._emitted < source.Count)
                {
                    output.Collect(source._emitted);
                    Interlocked.Increment(ref source._emitted);
                    source.Progress.Pulse();
                    return InputStatus.MoreAvailable;
                }
                return InputStatus.NothingAvailable;
            }

            public Task IsAvailable() => source.Emitted < source.Count ? Task.CompletedTask : _never.Task;

            public void AddSplits(IReadOnlyList<IndexRangeSplit> splits)
            {
            }

            public void NotifyNoMoreSplits()
            {
            }

            public void Dispose()
            {
            }
        }
    }

    /// <summary>Two readers emitting timestamped records and watermarks 1000·i + subtask.</summary>
    private sealed class TimestampedSource : ISource<long, IndexRangeSplit>
    {
        public Boundedness Boundedness => Boundedness.Bounded;

        public ISplitEnumerator<IndexRangeSplit> CreateEnumerator(ISplitEnumeratorContext<IndexRangeSplit> context) =>
            new OwnedSplitEnumerator<IndexRangeSplit>(context, IndexRangeSplit.Divide(0, 2000, context.CurrentParallelism));

        public ISourceReader<long, IndexRangeSplit> CreateReader(ISourceReaderContext context) => new Reader(context);

        private sealed class Reader(ISourceReaderContext context) : ISourceReader<long, IndexRangeSplit>
        {
            private long _i;

            public void Start()
            {
            }

            public InputStatus PollNext(ISourceOutput<long> output)
            {
                if (_i == 1000) return InputStatus.EndOfInput;
                output.Collect(_i, _i * 1000);
                if (_i % 100 == 0) output.EmitWatermark(_i * 1000 + context.IndexOfSubtask);
                _i++;
                return InputStatus.MoreAvailable;
            }

            public Task IsAvailable() => Task.CompletedTask;

            public void AddSplits(IReadOnlyList<IndexRangeSplit> splits)
            {
            }

            public void NotifyNoMoreSplits()
            {
            }

            public void Dispose()
            {
            }
        }
    }

    private sealed class WatermarkRecorder(System.Collections.Concurrent.ConcurrentQueue<(int, long)> seen) : AbstractStreamOperator<long>, IOneInputStreamOperator<long>
    {
        public void ProcessElement(StreamRecord<long> record)
        {
            Assert.True(record.HasTimestamp);
            Output.Collect(record);
        }

        public override void ProcessWatermark(Watermark watermark)
        {
            seen.Enqueue((RuntimeContext.IndexOfThisSubtask, watermark.Timestamp));
            base.ProcessWatermark(watermark);
        }

        public void EndInput()
        {
        }
    }
}
