using System.Diagnostics;
using Brook.Benchmarks;
using Brook.Core.Configuration;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;

// Records per second of three pipelines on the embedded cluster, each against a hand-written loop doing
// the same computation, in one process and one run. Usage: dotnet run -c Release --project bench/Brook.Benchmarks [records]
var n = args.Length > 0 ? long.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000_000L;
var only = args.Length > 1 ? args[1] : "abc";
Console.WriteLine($"Brook benchmarks: {n:N0} records per run, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
// The machine may be shared: the load average says how much of it the figures had.
if (File.Exists("/proc/loadavg")) Console.WriteLine($"Load average before the run: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine();

// Extra settings as key=value arguments after the record count and the selection, e.g. taskmanager.network.memory.buffers-per-channel=4.
var settings = new Configuration();
foreach (var kv in args.Skip(2)) settings.SetRaw(kv[..kv.IndexOf('=')], kv[(kv.IndexOf('=') + 1)..]);

StreamExecutionEnvironment Env(int parallelism) =>
    StreamExecutionEnvironment.Create(new EmbeddedExecutor(settings)).SetParallelism(parallelism);

static (double Seconds, long Result) Time(Func<long> run)
{
    var sw = Stopwatch.StartNew();
    var r = run();
    return (sw.Elapsed.TotalSeconds, r);
}

static async Task<(double Seconds, long Result)> TimeJob(Func<Task<long>> run)
{
    var sw = Stopwatch.StartNew();
    var r = await run();
    return (sw.Elapsed.TotalSeconds, r);
}

static long HandChained(long n)
{
    long sum = 0;
    for (long i = 0; i < n; i++)
    {
        var m = i * 3;
        if ((m & 1) == 0) sum += m;
    }
    return sum;
}

static long HandKeyedSum(long n)
{
    var sums = new Dictionary<long, long>();
    var last = new long[1024];
    for (long i = 0; i < n; i++)
    {
        var key = i & 1023;
        ref var s = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
        s += i;
        last[key] = s;
    }
    return last.Sum();
}

async Task<long> Chained(long n)
{
    var env = Env(1);
    var sink = new SumSink<long>(v => v);
    env.FromSequence(0, n - 1).Map(i => i * 3).Filter(m => (m & 1) == 0).SinkTo(sink);
    await env.ExecuteAsync("chained");
    return sink.Sum;
}

async Task<long> Rebalanced(long n)
{
    var env = Env(2);
    var sink = new SumSink<long>(v => v);
    env.FromSequence(0, n - 1).Rebalance().Map(i => i * 3).Filter(m => (m & 1) == 0).SinkTo(sink);
    await env.ExecuteAsync("rebalanced");
    return sink.Sum;
}

async Task<long> KeyedSum(long n)
{
    var env = Env(2);
    var sink = new LastPerKeySink();
    env.FromSequence(0, n - 1).KeyBy(i => i & 1023).Sum(i => i).SinkTo(sink);
    await env.ExecuteAsync("keyed sum");
    return sink.Total;
}

// Warm up the JIT on every path (tiered compilation, PGO) before measuring.
HandChained(n / 10);
HandKeyedSum(n / 10);
await Chained(n / 10);
await Rebalanced(n / 10);
await KeyedSum(n / 10);

var rows = new List<(string Name, double Brook, double Hand)>();

void Report(string name, (double Seconds, long Result) brook, (double Seconds, long Result) hand, long records)
{
    if (brook.Result != hand.Result) throw new InvalidOperationException($"{name}: Brook computed {brook.Result}, the loop {hand.Result}.");
    var b = records / brook.Seconds;
    var h = records / hand.Seconds;
    rows.Add((name, b, h));
    Console.WriteLine($"{name,-44} Brook {b / 1e6,8:F1} M rec/s ({1e9 / b,6:F1} ns/rec)   hand loop {h / 1e6,8:F1} M rec/s ({1e9 / h,5:F2} ns/rec)   hand/Brook {h / b,5:F1}x");
}

// (m) the chained pipeline with the metric system on and off, alternately in this process (metrics.system.enabled).
if (only.Contains('m'))
{
    var on = settings.Copy().Set(MetricOptions.SystemEnabled, true);
    var off = settings.Copy().Set(MetricOptions.SystemEnabled, false);
    async Task<long> ChainedWith(Configuration c, long count)
    {
        var env = StreamExecutionEnvironment.Create(new EmbeddedExecutor(c)).SetParallelism(1);
        var sink = new SumSink<long>(v => v);
        env.FromSequence(0, count - 1).Map(i => i * 3).Filter(m => (m & 1) == 0).SinkTo(sink);
        await env.ExecuteAsync("chained");
        return sink.Sum;
    }
    await ChainedWith(on, n / 10);
    await ChainedWith(off, n / 10);
    // Wall time swings with the machine's load; the process's CPU time per record is the steadier figure.
    static TimeSpan Cpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }
    var mRows = new List<(double OffRate, double OnRate, double OffCpu, double OnCpu)>();
    for (var round = 1; round <= 7; round++)
    {
        var c0 = Cpu();
        var tOff = await TimeJob(() => ChainedWith(off, n));
        var c1 = Cpu();
        var tOn = await TimeJob(() => ChainedWith(on, n));
        var c2 = Cpu();
        if (tOn.Result != tOff.Result) throw new InvalidOperationException("Metrics on and off computed different sums.");
        var row = (n / tOff.Seconds, n / tOn.Seconds, (c1 - c0).TotalNanoseconds / n, (c2 - c1).TotalNanoseconds / n);
        mRows.Add(row);
        Console.WriteLine($"(m) round {round}: off {row.Item1 / 1e6,6:F1} M rec/s {row.Item3,5:F2} CPU ns/rec, on {row.Item2 / 1e6,6:F1} M rec/s {row.Item4,5:F2} CPU ns/rec");
    }
    static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToList();
        return sorted[sorted.Count / 2];
    }
    var offCpu = Median(mRows.Select(r => r.OffCpu));
    var onCpu = Median(mRows.Select(r => r.OnCpu));
    Console.WriteLine($"(m) median: off {Median(mRows.Select(r => r.OffRate)) / 1e6:F1} M rec/s, on {Median(mRows.Select(r => r.OnRate)) / 1e6:F1} M rec/s; " +
                      $"CPU off {offCpu:F2} ns/rec, on {onCpu:F2} ns/rec, on/off {onCpu / offCpu:F3}");
}

if (only.Contains('a')) Report("(a) source -> map -> filter -> sink, chained", await TimeJob(() => Chained(n)), Time(() => HandChained(n)), n);
if (only.Contains('b')) Report("(b) same with rebalance, 2 subtasks", await TimeJob(() => Rebalanced(n)), Time(() => HandChained(n)), n);
if (only.Contains('c')) Report("(c) keyBy + sum, parallelism 2", await TimeJob(() => KeyedSum(n)), Time(() => HandKeyedSum(n)), n);
