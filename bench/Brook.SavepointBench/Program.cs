using System.Diagnostics;
using System.Globalization;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sources;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

// Savepoint duration and size: an unbounded keyed rolling count over [keys] keys (parallelism 2) runs until every
// key has state; then, [rounds] times, a checkpoint (the baseline, into a file-system checkpoint directory) and a
// savepoint of the same state are taken while records flow, in one process. Reports each one's end-to-end duration
// (trigger to completion) and size on disk, and the savepoint/checkpoint ratios; then a stop-with-savepoint
// (request to FINISHED) and a restore from it (submission to the first record out).
// Usage: dotnet run -c Release --project bench/Brook.SavepointBench [keys] [rounds]
var keys = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000L;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"Brook savepoint benchmark: {keys:N0} keys, {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (File.Exists("/proc/loadavg")) Console.WriteLine($"Load average before the run: {File.ReadAllText("/proc/loadavg").Trim()}");

var root = Directory.CreateTempSubdirectory("brook-savepointbench").FullName;
try
{
    var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2)
        .SetRaw("execution.checkpointing.dir", Path.Combine(root, "checkpoints"))
        .SetRaw("execution.checkpointing.num-retained", "1")
        .SetRaw("execution.checkpointing.timeout", "10 min");
    await using var cluster = new MiniCluster(conf);
    long seen = 0;
    var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var filled = Stopwatch.StartNew();
    // Every key has state once the sink has seen `keys` updates; twice that, so the state has been updated too.
    var job = cluster.SubmitJob(Job(conf, keys, () =>
    {
        if (Interlocked.Increment(ref seen) == 2 * keys) full.TrySetResult();
    }, restore: null));
    await full.Task.WaitAsync(TimeSpan.FromMinutes(10));
    Console.WriteLine($"state filled with {keys:N0} keys after {filled.Elapsed.TotalSeconds:F1} s");

    var checkpointMs = new List<double>();
    var savepointMs = new List<double>();
    var checkpointBytes = new List<long>();
    var savepointBytes = new List<long>();
    for (var round = 0; round < rounds; round++)
    {
        var started = Stopwatch.GetTimestamp();
        var checkpoint = await job.CheckpointCoordinator.TriggerCheckpointAsync();
        checkpointMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        checkpointBytes.Add(DirectorySize(checkpoint.ExternalPointer!));

        started = Stopwatch.GetTimestamp();
        var savepoint = await job.TriggerSavepointAsync(Path.Combine(root, "savepoints"), SavepointFormatType.CANONICAL, cancelJob: false);
        savepointMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        savepointBytes.Add(DirectorySize(savepoint.ExternalPointer!));
        Console.WriteLine($"  round {round + 1}: checkpoint {checkpointMs[^1],7:F0} ms {checkpointBytes[^1] / 1e6,7:F1} MB | " +
                          $"savepoint {savepointMs[^1],7:F0} ms {savepointBytes[^1] / 1e6,7:F1} MB | ratio {savepointMs[^1] / checkpointMs[^1]:F2}");
    }

    var stopStarted = Stopwatch.GetTimestamp();
    var stopped = await job.StopWithSavepointAsync(Path.Combine(root, "savepoints"), SavepointFormatType.CANONICAL, drain: false);
    var stopMs = Stopwatch.GetElapsedTime(stopStarted).TotalMilliseconds;
    Console.WriteLine($"stop-with-savepoint: {stopMs:F0} ms from the request to FINISHED, {DirectorySize(stopped.ExternalPointer!) / 1e6:F1} MB");

    var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var restoreStarted = Stopwatch.GetTimestamp();
    var resumed = cluster.SubmitJob(Job(conf, keys, () => first.TrySetResult(), restore: stopped.ExternalPointer));
    await first.Task.WaitAsync(TimeSpan.FromMinutes(10));
    Console.WriteLine($"restore from the savepoint: {Stopwatch.GetElapsedTime(restoreStarted).TotalMilliseconds:F0} ms from submission to the first record out");
    resumed.Cancel();
    if ((await resumed.ResultTask).Status != JobStatus.CANCELED) throw new InvalidOperationException("The resumed job did not end cancelled.");

    Console.WriteLine();
    Console.WriteLine($"median: checkpoint {Median(checkpointMs):F0} ms, savepoint {Median(savepointMs):F0} ms (ratio {Median(savepointMs) / Median(checkpointMs):F2}); " +
                      $"size checkpoint {Median(checkpointBytes.Select(b => (double)b).ToList()) / 1e6:F1} MB, savepoint {Median(savepointBytes.Select(b => (double)b).ToList()) / 1e6:F1} MB");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static JobGraphType Job(Configuration conf, long keys, Action onRecord, string? restore)
{
    var jobConf = conf.Copy();
    if (restore is not null) jobConf.Set(CheckpointingOptions.StateRecoveryPath, restore);
    var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), jobConf).SetParallelism(2);
    env.FromSource(new DataGeneratorSource<long>(i => i, long.MaxValue), "Numbers", 1).Uid("numbers")
        .KeyBy(v => v % keys)
        .Sum(_ => 1L).Uid("rolling-count")
        .SinkTo(new ActionSink<(long Key, long Value)>(_ => onRecord())).Uid("sink");
    return JobGraphType.FromStreamGraph(env.GetStreamGraph("savepoint-bench"));
}

static long DirectorySize(string directory) => new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
