using System.Diagnostics;
using System.Globalization;
using Brook.Core.Configuration;
using Brook.PerRecordBench;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

// Brook's per-record path against what a .NET developer would write instead (issue 12, item 4), in one process:
// (s) the keyed rolling sum and (w) the tumbling event-time window count, each as Brook p=2, TPL Dataflow batched by
// hand (1024 records per partition), TPL Dataflow per record, and a hand loop; same input, output checked equal.
// Usage: dotnet run -c Release --project bench/Brook.PerRecordBench -- [records] [rounds] [sw, p: profile, b: Brook's sum only, c: Brook's window count only, e: keyBy's source side alone] [key=value;... for Brook's cluster] [warm-up runs of each case, default 1]
var n = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 20_000_000L;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var only = args.Length > 2 ? args[2] : "sw";
var warmups = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
const int Keys = 10_000;
const long TimestampDivisor = 100; // 100 records per millisecond of event time
const long WindowSize = 10_000; // 10 s tumbling windows: 1 M records per window, 100 per key and window
Console.WriteLine($"Per-record path: {n:N0} records, {Keys:N0} keys, {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (File.Exists("/proc/loadavg")) Console.WriteLine($"Load average before the run: {File.ReadAllText("/proc/loadavg").Trim()}");

var settings = new Configuration();
// Optional cluster settings for Brook's jobs, "key=value;key=value" (e.g. taskmanager.network.memory.buffers-per-channel=8).
foreach (var setting in (args.Length > 3 ? args[3] : "").Split(';', StringSplitOptions.RemoveEmptyEntries))
    settings.SetRaw(setting[..setting.IndexOf('=')], setting[(setting.IndexOf('=') + 1)..]);
StreamExecutionEnvironment Env() => StreamExecutionEnvironment.Create(new EmbeddedExecutor(settings)).SetParallelism(2);

long[] BrookSum(long count)
{
    var env = Env();
    var sink = new LastPerKeySink(Keys);
    env.FromSequence(0, count - 1).KeyBy(i => i % Keys).Sum(i => i).SinkTo(sink);
    env.ExecuteAsync("keyed rolling sum").GetAwaiter().GetResult();
    return sink.Last;
}

(long, long) BrookWindowCount(long count)
{
    var env = Env();
    var sink = new WindowResultSink();
    env.FromSequence(0, count - 1)
        .AssignTimestampsAndWatermarks(WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner((v, _) => v / TimestampDivisor))
        .KeyBy(v => v % Keys)
        .Window(TumblingEventTimeWindows.Of(TimeSpan.FromMilliseconds(WindowSize)))
        .Aggregate(new CountAggregate(), new KeyedWindowCount())
        .SinkTo(sink);
    env.ExecuteAsync("window count").GetAwaiter().GetResult();
    return sink.Result;
}

var sumCases = new (string Name, Func<long, long[]> Run)[]
{
    ("TPL Dataflow, batched by hand", c => Baselines.BatchedDataflowSum(c, Keys)),
    ("Brook p=2", BrookSum),
    ("TPL Dataflow, per record", c => Baselines.PerRecordDataflowSum(c, Keys)),
    ("hand loop, 1 thread", c => Baselines.HandLoopSum(c, Keys)),
};
var windowCases = new (string Name, Func<long, (long, long)> Run)[]
{
    ("TPL Dataflow, batched by hand", c => Baselines.BatchedDataflowWindowCount(c, Keys, TimestampDivisor, WindowSize)),
    ("Brook p=2", BrookWindowCount),
    ("hand loop, 1 thread", c => Baselines.HandLoopWindowCount(c, Keys, TimestampDivisor, WindowSize)),
};

// (p) where Brook's time goes on both, sampled over 5 s of a longer run each.
if (only.Contains('p'))
{
    BrookSum(n / 10);
    BrookWindowCount(n / 10);
    Profile.Run("(s) Brook p=2", () => BrookSum(n * 5), TimeSpan.FromSeconds(5));
    Profile.Run("(w) Brook p=2", () => BrookWindowCount(n), TimeSpan.FromSeconds(5));
}
// (b) only Brook's keyed rolling sum, `rounds` times, for an outside profiler (perf with DOTNET_PerfMapEnabled=1).
if (only.Contains('b'))
{
    for (var round = 0; round < rounds; round++)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var threads0 = ThreadCpu.Snapshot();
        var sw = Stopwatch.StartNew();
        BrookSum(n);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        Console.WriteLine($"  (s) Brook p=2  {n / sw.Elapsed.TotalSeconds / 1e6,7:F1} M rec/s  CPU {cpu.TotalNanoseconds / n,6:F1} ns/rec  job {sw.Elapsed.TotalMilliseconds,7:F2} ms wall {cpu.TotalMilliseconds,7:F2} ms CPU");
        Console.WriteLine($"      {ThreadCpu.Diff(threads0, ThreadCpu.Snapshot(), sw.Elapsed.TotalMilliseconds)}");
    }
}
// (c) only Brook's window count, `rounds` times, for an outside profiler (as b for the sum).
if (only.Contains('c'))
{
    for (var round = 0; round < rounds; round++)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        BrookWindowCount(n);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        Console.WriteLine($"  (w) Brook p=2  {n / sw.Elapsed.TotalSeconds / 1e6,7:F1} M rec/s  CPU {cpu.TotalNanoseconds / n,6:F1} ns/rec");
    }
}
if (only.Contains('e')) KeyByEmit.Measure(n, rounds);
if (only.Contains('s')) Measure("(s) keyed rolling sum", sumCases, r => string.Join(",", r));
if (only.Contains('w')) Measure("(w) tumbling event-time window count", windowCases, r => r.ToString());
if (File.Exists("/proc/loadavg")) Console.WriteLine($"Load average after the run: {File.ReadAllText("/proc/loadavg").Trim()}");

void Measure<T>(string title, (string Name, Func<long, T> Run)[] cases, Func<T, string> show)
{
    Console.WriteLine();
    Console.WriteLine(title);
    // Warm up every path (tiered compilation, PGO) and check that all compute the same output. A method is recompiled
    // optimized after 30 calls, and much of Brook's is called once per job or subtask, so the JIT keeps working through
    // the first tens of jobs of a process (docs/benchmarks.md, sixth pass): each case runs `warmups` times before the
    // measured rounds.
    var expected = show(cases[0].Run(n / 10));
    foreach (var c in cases.Skip(1))
        if (show(c.Run(n / 10)) != expected) throw new InvalidOperationException($"{title}: {c.Name} computed a different output.");
    for (var w = 1; w < warmups; w++)
        foreach (var c in cases)
            c.Run(n / 100);
    var samples = cases.Select(_ => new List<(double Rate, double CpuNs, double Bytes, double GcNs)>()).ToArray();
    // Methods the JIT compiled while each case ran (tier-ups included), and the time it spent: a run that overlaps the
    // JIT's work shares the cores with it.
    var jit = new (long Methods, TimeSpan Time)[cases.Length];
    for (var round = 0; round < rounds; round++)
    {
        // Alternate the cases within each round, so the shared machine's load hits all of them alike.
        string? reference = null;
        for (var k = 0; k < cases.Length; k++)
        {
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var bytes0 = GC.GetTotalAllocatedBytes(true);
            var pause0 = GC.GetTotalPauseDuration();
            var methods0 = System.Runtime.JitInfo.GetCompiledMethodCount();
            var jitTime0 = System.Runtime.JitInfo.GetCompilationTime();
            var sw = Stopwatch.StartNew();
            var result = show(cases[k].Run(n));
            jit[k] = (jit[k].Methods + System.Runtime.JitInfo.GetCompiledMethodCount() - methods0, jit[k].Time + System.Runtime.JitInfo.GetCompilationTime() - jitTime0);
            var seconds = sw.Elapsed.TotalSeconds;
            var bytes = GC.GetTotalAllocatedBytes(true) - bytes0;
            var pause = GC.GetTotalPauseDuration() - pause0;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            reference ??= result;
            if (result != reference) throw new InvalidOperationException($"{title}: {cases[k].Name} computed a different output.");
            samples[k].Add((n / seconds, cpu.TotalNanoseconds / n, (double)bytes / n, pause.TotalNanoseconds / n));
        }
    }
    static double Median(IEnumerable<double> xs)
    {
        var s = xs.Order().ToList();
        return s[s.Count / 2];
    }
    var baseline = Median(samples[0].Select(x => x.Rate));
    for (var k = 0; k < cases.Length; k++)
    {
        var rate = Median(samples[k].Select(x => x.Rate));
        Console.WriteLine($"  {cases[k].Name,-32} {rate / 1e6,7:F1} M rec/s  {rate / baseline,5:F2}x batched Dataflow  " +
                          $"CPU {Median(samples[k].Select(x => x.CpuNs)),6:F1} ns/rec  allocated {Median(samples[k].Select(x => x.Bytes)),6:F2} B/rec  GC pauses {Median(samples[k].Select(x => x.GcNs)),6:F1} ns/rec" +
                          $"  (rates {string.Join(" ", samples[k].Select(x => (x.Rate / 1e6).ToString("F1", CultureInfo.InvariantCulture)))})" +
                          $"  JIT in its rounds: {jit[k].Methods} methods, {jit[k].Time.TotalMilliseconds:F0} ms");
    }
}
