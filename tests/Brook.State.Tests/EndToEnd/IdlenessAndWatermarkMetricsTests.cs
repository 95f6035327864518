using Brook.Core.Configuration;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Sinks;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.EndToEnd;

public sealed class IdlenessAndWatermarkMetricsTests
{
    public readonly record struct Reading(string Sensor, long Timestamp);

    /// <summary>
    /// An unbounded job over a source with data unioned with a source that never emits. With WithIdleness
    /// the silent input is left out of the window operator's watermark, so windows fire while the job runs;
    /// the task metrics report the watermarks the operators hold.
    /// </summary>
    [Fact]
    public async Task An_idle_source_does_not_hold_back_the_watermark_and_metrics_report_it()
    {
        var conf = new Configuration();
        conf.Set(Brook.Core.Configuration.CoreOptions.NumberOfTaskSlots, 2);
        conf.SetRaw(WatermarkOptions.AutoWatermarkInterval.Key, "20 ms");
        var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(conf), conf).SetParallelism(2);
        var strategy = WatermarkStrategy<Reading>.ForMonotonousTimestamps()
            .WithTimestampAssigner((r, _) => r.Timestamp)
            .WithIdleness(TimeSpan.FromMilliseconds(100));
        var fired = new TaskCompletionSource<(string Sensor, long Start, long Count)>(TaskCreationOptions.RunContinuationsAsynchronously);

        var active = env.FromGenerator(i => new Reading("s" + i % 3, i * 10), recordsPerSecond: 2_000).SetParallelism(1)
            .AssignTimestampsAndWatermarks(strategy);
        var silent = env.FromSource(new SilentSource<Reading>(), "Silent", parallelism: 1)
            .AssignTimestampsAndWatermarks(strategy);
        active.Union(silent)
            .KeyBy(r => r.Sensor)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(500)))
            .Apply<(string, long, long)>((sensor, window, readings, output) => output.Collect((sensor, window.Start, readings.Count())))
            .Name("Windows")
            .SinkTo(new ActionSink<(string, long, long)>(r => fired.TrySetResult(r)));

        var jobGraph = Brook.Runtime.JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("idleness"));
        await using var cluster = new MiniCluster(conf);
        var job = cluster.SubmitJob(jobGraph);
        try
        {
            var first = await fired.Task.WaitAsync(JobRunner.Timeout);
            Assert.Equal(0, first.Start % 500);
            Assert.True(first.Count > 0);

            // Wait until the window subtasks report their watermarks, then check them against each other.
            var deadline = DateTime.UtcNow + JobRunner.Timeout;
            Brook.Runtime.ExecutionGraph.ArchivedExecutionJobVertex windows;
            while (true)
            {
                windows = job.Snapshot().Vertices.Single(v => v.Name.Contains("Windows"));
                // The output watermark is reported just after the input one, so a snapshot between the two has only the input.
                if (windows.Subtasks.All(s => s.CurrentExecution.Metrics.CurrentInputWatermark > 0 && s.CurrentExecution.Metrics.CurrentOutputWatermark > long.MinValue)) break;
                Assert.True(DateTime.UtcNow < deadline, "The window subtasks never reported an input watermark.");
                await Task.Yield();
            }
            foreach (var subtask in windows.Subtasks)
            {
                var metrics = subtask.CurrentExecution.Metrics;
                Assert.InRange(metrics.CurrentInputWatermark, first.Start + 499, long.MaxValue - 1);
                // The window operator forwards its input watermark, so its output watermark trails it at most.
                Assert.InRange(metrics.CurrentOutputWatermark, long.MinValue + 1, long.MaxValue - 1);
            }
            var sources = job.Snapshot().Vertices.Where(v => v.Name.Contains("Silent")).SelectMany(v => v.Subtasks);
            Assert.All(sources, s => Assert.Equal(long.MinValue, s.CurrentExecution.Metrics.CurrentOutputWatermark));
        }
        finally
        {
            job.Cancel();
            await job.ResultTask.WaitAsync(JobRunner.Timeout);
        }
    }
}
