using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Brook.Cluster;
using Brook.Cluster.Diagnostics;
using Brook.Core.Configuration;
using Brook.Runtime.Diagnostics;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Runtime;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

// The cost of Brook's thread dumps and flame graph sampling, and what a running job loses to them, in one run:
//   the runtime's own suspension events (a second EventPipe session on the GC keyword) say how often and how long
//   managed code was stopped, by reason: SuspendOther is the sample profiler taking a sample, SuspendForGC a collection;
//   a CPU-bound job (sequence -> map -> counting sink, parallelism 1) runs on a local cluster; its records/s are
//   measured in plain windows and while (a) one flame graph round samples its task thread with Flink's defaults
//   (100 samples, 50 ms apart), (b) thread dumps of the whole process run back to back, and (c) for comparison,
//   ClrMD thread dumps (a dump of the process written by the runtime, read with ClrMD) run back to back.
//   each measured piece of work is compared with the plain window just before it (the machine's load drifts).
// Usage: dotnet run -c Release --project bench/Brook.DiagnosticsBench [window-seconds] [dumps] [flame-graph-rounds]
var window = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5);
var dumps = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"Brook diagnostics benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, window {window.TotalSeconds:F0} s");

var logDir = Directory.CreateTempSubdirectory("brook-diag-bench-").FullName;
var config = new Configuration().Set(CoreOptions.RestPort, 0).SetRaw(CoreOptions.LogDir.Key, logDir);
await using (var cluster = await LocalCluster.StartAsync(config, new LocalClusterOptions(NumberOfTaskManagers: 1)))
{
    long records = 0;
    var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(1);
    env.FromSequence(1, 1L << 60).Map(v => v * 31 % 1_000_003).SinkTo(new ActionSink<long>(_ => Volatile.Write(ref records, Volatile.Read(ref records) + 1)));
    var graph = JobGraphType.FromStreamGraph(env.GetStreamGraph("diagnostics bench"));
    cluster.Dispatcher.SubmitJob(graph);
    var te = cluster.TaskExecutors[0];
    while (te.TaskThreads().Count == 0) await Task.Yield();

    await using var suspensions = new SuspensionMonitor();
    var sampler = new EventPipeStackSampler();

    // Records/s of the job and the runtime's suspensions over a piece of work or a plain window.
    async Task<(Window Window, T Result)> During<T>(Func<Task<T>> work)
    {
        var r0 = Volatile.Read(ref records);
        suspensions.Take();
        var sw = Stopwatch.StartNew();
        var result = await work();
        var seconds = sw.Elapsed.TotalSeconds;
        var (count, suspendedMs, longestMs) = suspensions.Take(out var reasons);
        return (new Window((Volatile.Read(ref records) - r0) / seconds, sw.Elapsed.TotalMilliseconds, count / seconds, suspendedMs / seconds, count == 0 ? 0 : suspendedMs * 1000 / count, longestMs, reasons), result);
    }

    async Task<Window> Plain(TimeSpan length) => (await During(async () =>
    {
        await Task.Delay(length);
        return 0;
    })).Window;

    await Plain(window); // warm-up: tiered JIT; the first EventPipe session below pays its own start-up
    await ThreadDumper.DumpAsync(sampler, _ => true, OsThreads.Name, 50, CancellationToken.None);

    var flinkDefaults = new ThreadInfoSamplesRequest(100, TimeSpan.FromMilliseconds(50), 100);
    for (var round = 1; round <= rounds; round++)
    {
        var plain = await Plain(window);
        var (during, samples) = await During(() => ThreadInfoSampling.SampleAsync(sampler, te.TaskThreads(), flinkDefaults, CancellationToken.None));
        if (samples.Values.Single().Count < flinkDefaults.NumSamples / 2) throw new InvalidOperationException("The task thread was not sampled.");
        Console.WriteLine($"flame graph round {round} (100 x 50 ms): {during.WallMs,6:F0} ms (the 5000 ms window + {during.WallMs - 5000:F0} ms session start, rundown, parsing)");
        Report(plain, during);
    }

    {
        var plain = await Plain(window);
        var times = new List<double>();
        var (during, _) = await During(async () =>
        {
            for (var i = 0; i < dumps; i++)
            {
                var sw = Stopwatch.StartNew();
                var threads = await ThreadDumper.DumpAsync(sampler, _ => true, OsThreads.Name, 50, CancellationToken.None);
                times.Add(sw.Elapsed.TotalMilliseconds);
                if (threads.Count < 2) throw new InvalidOperationException("The dump lists no threads.");
            }
            return 0;
        });
        Console.WriteLine($"EventPipe thread dump of the process: median {Median(times),5:F0} ms (min {times.Min():F0}, max {times.Max():F0}, {dumps} back to back)");
        Report(plain, during);
    }

    {
        var plain = await Plain(window);
        var times = new List<double>();
        var count = Math.Max(1, dumps / 2);
        var (during, _) = await During(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                var sw = Stopwatch.StartNew();
                if (ClrMdThreadCount() < 2) throw new InvalidOperationException("The ClrMD dump lists no threads.");
                times.Add(sw.Elapsed.TotalMilliseconds);
                await Task.Yield();
            }
            return 0;
        });
        Console.WriteLine($"ClrMD thread dump (minidump + read):  median {Median(times),5:F0} ms (min {times.Min():F0}, max {times.Max():F0}, {count} back to back)");
        Report(plain, during);
    }
}
Directory.Delete(logDir, recursive: true);

static void Report(Window plain, Window during) =>
    Console.WriteLine($"    job {during.RecordsPerSecond / 1e6,6:F1} M records/s vs {plain.RecordsPerSecond / 1e6,6:F1} M in the plain window before = {during.RecordsPerSecond / plain.RecordsPerSecond,6:P1}\n" +
        $"    runtime suspensions {during.SuspensionsPerSecond,6:F0}/s, mean {during.MeanSuspensionUs,6:F0} us, longest {during.LongestSuspensionMs:F1} ms, " +
        $"managed code stopped {during.SuspendedMsPerSecond,5:F1} ms/s ({during.SuspendedMsPerSecond / 10:F1} % of the time) " +
        $"vs {plain.SuspensionsPerSecond:F0}/s, {plain.SuspendedMsPerSecond:F1} ms/s in the plain window\n" +
        $"    by reason: {(during.SuspensionsByReason.Length > 0 ? during.SuspensionsByReason : "none")}");

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted[sorted.Count / 2];
}

// The alternative: the runtime writes a minidump of the process (it suspends the process while createdump runs),
// ClrMD reads every thread's managed stack from it.
static int ClrMdThreadCount()
{
    var path = Path.Combine(Path.GetTempPath(), "brook-bench-" + Guid.NewGuid().ToString("N") + ".dmp");
    try
    {
        new DiagnosticsClient(Environment.ProcessId).WriteDump(DumpType.Normal, path);
        using var target = DataTarget.LoadDump(path);
        using var runtime = target.ClrVersions[0].CreateRuntime(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libmscordaccore.so"), ignoreMismatch: true);
        var count = 0;
        foreach (var thread in runtime.Threads)
        {
            if (!thread.IsAlive) continue;
            count++;
            foreach (var frame in thread.EnumerateStackTrace()) _ = frame.Method?.Signature;
        }
        return count;
    }
    finally
    {
        File.Delete(path);
    }
}

/// <summary>What one measured stretch of time showed.</summary>
internal sealed record Window(double RecordsPerSecond, double WallMs, double SuspensionsPerSecond, double SuspendedMsPerSecond, double MeanSuspensionUs, double LongestSuspensionMs, string SuspensionsByReason);
