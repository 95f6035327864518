using System.Diagnostics;
using System.Globalization;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

// Checkpoints of a backpressured job, aligned vs unaligned, in one process: a source that produces far faster than
// the last stage takes (a keyed map doing [work-us] µs of work per record), behind two rebalanced maps, so every
// channel on the way is full; parallelism 2, a checkpoint every [interval-ms]. Each round runs the job aligned, then
// unaligned (aligned-checkpoint-timeout 0), for [records] records. Reports per mode the checkpoints' end-to-end
// duration p50/p99 (trigger to the last acknowledgement), how many completed, and the in-flight bytes they persisted;
// the ratio is unaligned / aligned of the p50 duration.
// Usage: dotnet run -c Release --project bench/Brook.UnalignedBench [records] [work-us] [interval-ms] [rounds] [buffers-per-channel]
var records = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 400_000L;
var workMicros = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 25;
var intervalMs = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 200L;
var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
var buffersPerChannel = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2;
Console.WriteLine($"Brook unaligned checkpoint benchmark: {records:N0} records, {workMicros} µs per record in the last stage, checkpoint every " +
    $"{intervalMs} ms, {buffersPerChannel} buffers per channel, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (File.Exists("/proc/loadavg")) Console.WriteLine($"Load average before the run: {File.ReadAllText("/proc/loadavg").Trim()}");

var root = Directory.CreateTempSubdirectory("brook-unalignedbench").FullName;
var results = new Dictionary<bool, List<CompletedCheckpoint>> { [false] = [], [true] = [] };
try
{
    for (var round = 0; round < rounds; round++)
    {
        foreach (var unaligned in new[] { false, true })
        {
            var (seconds, completed) = await RunAsync(unaligned);
            results[unaligned].AddRange(completed);
            Console.WriteLine($"  {(unaligned ? "unaligned" : "aligned  ")}: {records / seconds / 1e3,7:F1} K records/s, {completed.Count} checkpoints, " +
                $"duration p50 {Percentile(Durations(completed), 0.5):F0} ms");
        }
    }
}
finally
{
    Directory.Delete(root, recursive: true);
}

Console.WriteLine();
Console.WriteLine("| mode | checkpoints | duration p50 | duration p99 | in-flight bytes per checkpoint (mean) |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var unaligned in new[] { false, true })
{
    var c = results[unaligned];
    var d = Durations(c);
    var persisted = c.Count == 0 ? 0 : c.Average(x => x.OperatorStates.Values.SelectMany(o => o.SubtaskStates.Values).Sum(s => (double)s.PersistedDataSize));
    Console.WriteLine($"| {(unaligned ? "unaligned" : "aligned")} | {c.Count} | {Percentile(d, 0.5):F0} ms | {Percentile(d, 0.99):F0} ms | {persisted:F0} |");
}
var ratio = Percentile(Durations(results[true]), 0.5) / Percentile(Durations(results[false]), 0.5);
Console.WriteLine($"unaligned / aligned checkpoint duration p50: {ratio:F2}");

async Task<(double Seconds, List<CompletedCheckpoint> Completed)> RunAsync(bool unaligned)
{
    var conf = new Configuration()
        .Set(CoreOptions.NumberOfTaskSlots, 2)
        .SetRaw("taskmanager.network.memory.buffers-per-channel", buffersPerChannel.ToString(CultureInfo.InvariantCulture))
        .SetRaw("execution.checkpointing.interval", $"{intervalMs} ms")
        .SetRaw("execution.checkpointing.dir", Path.Combine(root, Guid.NewGuid().ToString("N")))
        .Set(CheckpointingOptions.UnalignedEnabled, unaligned);
    await using var cluster = new MiniCluster(conf);
    var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
    long sum = 0;
    env.FromSequence(0, records - 1)
        .Rebalance().Map(v => v + 1)
        .Rebalance().Map(v => v - 1)
        .KeyBy(v => v % 1000)
        .Map(v => Work(v, workMicros))
        .SinkTo(new ActionSink<long>(v => Interlocked.Add(ref sum, v)));
    var completed = new List<CompletedCheckpoint>();
    var started = Stopwatch.GetTimestamp();
    var job = cluster.SubmitJob(JobGraphType.FromStreamGraph(env.GetStreamGraph(unaligned ? "unaligned" : "aligned")));
    job.CheckpointCoordinator.CheckpointCompleted += c =>
    {
        lock (completed) completed.Add(c);
    };
    var result = await job.ResultTask.WaitAsync(TimeSpan.FromMinutes(10));
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    if (result.Status != JobStatus.FINISHED) throw new InvalidOperationException($"The job ended {result.Status}.");
    if (sum != records * (records - 1) / 2) throw new InvalidOperationException($"The sink saw a sum of {sum}.");
    lock (completed) return (seconds, completed.ToList());
}

static long Work(long value, int micros)
{
    var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency * micros / 1_000_000;
    while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(10);
    return value;
}

static List<double> Durations(List<CompletedCheckpoint> checkpoints) =>
    checkpoints.Select(c => (double)(c.CompletionTimestamp - c.TriggerTimestamp)).ToList();

static double Percentile(List<double> values, double p)
{
    if (values.Count == 0) return double.NaN;
    var sorted = values.OrderBy(v => v).ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
