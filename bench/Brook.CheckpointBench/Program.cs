using System.Diagnostics;
using System.Globalization;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

// The cost of checkpointing: a keyed event-time window job (count per key per 10 s window, [keys] keys, [records]
// records, parallelism 2) runs without checkpoints and with a checkpoint every [interval] into a file-system
// checkpoint directory, alternately, [rounds] times each, in one process. Reports records/s of each run, the ratio,
// and the checkpoints' end-to-end duration p50/p99, state size and the synchronous part (max over subtasks) p50/p99.
// Usage: dotnet run -c Release --project bench/Brook.CheckpointBench [keys] [records] [interval-ms] [rounds]
var keys = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 100_000L;
var records = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 20_000_000L;
var intervalMs = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 1000L;
var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
Console.WriteLine($"Brook checkpoint benchmark: {keys:N0} keys, {records:N0} records, checkpoint every {intervalMs} ms, " +
    $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (File.Exists("/proc/loadavg")) Console.WriteLine($"Load average before the run: {File.ReadAllText("/proc/loadavg").Trim()}");

var root = Directory.CreateTempSubdirectory("brook-checkpointbench").FullName;
var plain = new List<double>();
var checkpointed = new List<double>();
var statistics = new List<CheckpointStatistics>();
try
{
    for (var round = 0; round < rounds; round++)
    {
        var (rate, _) = await RunAsync(withCheckpoints: false);
        plain.Add(rate);
        Console.WriteLine($"  without checkpoints: {rate / 1e6,6:F2} M records/s");
        var (rateC, stats) = await RunAsync(withCheckpoints: true);
        checkpointed.Add(rateC);
        statistics.AddRange(stats);
        Console.WriteLine($"  with checkpoints:    {rateC / 1e6,6:F2} M records/s ({stats.Count} completed)");
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

var ratios = plain.Zip(checkpointed, (p, c) => c / p).ToList();
Console.WriteLine();
Console.WriteLine($"throughput with/without checkpoints: {string.Join(", ", ratios.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))} " +
    $"(median {Median(ratios):F3})");
if (statistics.Count > 0)
{
    var durations = statistics.Select(s => (double)(s.LatestAckTimestamp - s.TriggerTimestamp)).ToList();
    var sync = statistics.Select(s => (double)s.Subtasks.Max(t => t.Subtask.SyncDurationMillis)).ToList();
    var sizes = statistics.Select(s => (double)s.StateSize).ToList();
    Console.WriteLine($"checkpoints: {statistics.Count} completed; duration p50 {Percentile(durations, 0.5):F0} ms, p99 {Percentile(durations, 0.99):F0} ms; " +
        $"sync part p50 {Percentile(sync, 0.5):F0} ms, p99 {Percentile(sync, 0.99):F0} ms; state size p50 {Percentile(sizes, 0.5) / 1e6:F2} MB, " +
        $"max {sizes.Max() / 1e6:F2} MB");
}
else
{
    Console.WriteLine("checkpoints: none completed (the runs were shorter than the interval)");
}

async Task<(double Rate, List<CheckpointStatistics> Stats)> RunAsync(bool withCheckpoints)
{
    var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2);
    if (withCheckpoints)
    {
        conf.SetRaw("execution.checkpointing.interval", $"{intervalMs} ms")
            .SetRaw("execution.checkpointing.dir", Path.Combine(root, Guid.NewGuid().ToString("N")))
            .SetRaw("execution.checkpointing.num-retained", "1");
    }
    await using var cluster = new MiniCluster(conf);
    var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
    long windows = 0;
    // Event time advances 1 ms per 1 000 records, so a 10 s window holds 10 M records over every key.
    env.FromSequence(0, records - 1)
        .AssignTimestampsAndWatermarks(WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner((v, _) => v / 1000))
        .Map(v => (Key: v % keys, Count: 1L))
        .KeyBy(v => v.Key)
        .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(10)))
        .Reduce((a, b) => (a.Key, a.Count + b.Count))
        .SinkTo(new ActionSink<(long Key, long Count)>(_ => Interlocked.Increment(ref windows)));
    var started = Stopwatch.GetTimestamp();
    var job = cluster.SubmitJob(JobGraphType.FromStreamGraph(env.GetStreamGraph(withCheckpoints ? "checkpointed" : "plain")));
    var result = await job.ResultTask.WaitAsync(TimeSpan.FromMinutes(10));
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    if (result.Status != JobStatus.FINISHED) throw new InvalidOperationException($"The job ended {result.Status}.");
    var stats = job.CheckpointCoordinator?.Statistics.Where(s => s.Status == CheckpointStatsStatus.COMPLETED).ToList() ?? [];
    return (records / seconds, stats);
}

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.OrderBy(v => v).ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
