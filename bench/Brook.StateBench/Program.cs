using System.Diagnostics;
using System.Globalization;
using Brook.Core.Configuration;
using Brook.Core.Hashing;
using Brook.Runtime.MiniCluster;
using Brook.Runtime.State;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks;
using Brook.Streaming.State;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

// Records per second of keyed state and windows, each against a hand-written Dictionary loop doing the
// same computation in one thread, in one process and one run:
//   1. a keyed tumbling-window count (1-second event-time windows, 10 000 keys) as a job at parallelism 2;
//   2. a keyed ValueState read-modify-write per record as a job at parallelism 2, and on the heap backend
//      alone in one thread (the state access cost without the dataflow).
// Usage: dotnet run -c Release --project bench/Brook.StateBench [records] [keys]
var n = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000L;
var keys = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
const long recordsPerEventSecond = 1_000_000;
const long start = 1_767_225_600_000;
Console.WriteLine($"Brook state benchmarks: {n:N0} records, {keys:N0} keys, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine();

var settings = new Configuration();
StreamExecutionEnvironment Env(int parallelism) => StreamExecutionEnvironment.Create(new EmbeddedExecutor(settings), settings).SetParallelism(parallelism);

// Event i happens at start + i / 1000 ms: 1 000 000 records per second of event time, so each 1-second window holds 100 records per key.
long TimestampOf(long i) => start + i * 1000 / recordsPerEventSecond;

long HandWindowCount()
{
    var open = new Dictionary<(long Key, long WindowStart), long>();
    long currentWindow = long.MinValue;
    long emitted = 0;
    for (long i = 0; i < n; i++)
    {
        var ts = TimestampOf(i);
        var windowStart = ts - ts % 1000;
        if (windowStart != currentWindow)
        {
            // The watermark passed the previous window: emit and drop its counts.
            foreach (var (_, count) in open) emitted += count;
            open.Clear();
            currentWindow = windowStart;
        }
        ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(open, (i % keys, windowStart), out _);
        c++;
    }
    foreach (var (_, count) in open) emitted += count;
    return emitted;
}

async Task<long> WindowCountJob()
{
    long total = 0;
    var env = Env(2);
    env.FromGenerator(i => (Key: i % keys, Timestamp: TimestampOf(i)), n)
        .AssignTimestampsAndWatermarks(WatermarkStrategy<(long Key, long Timestamp)>.ForMonotonousTimestamps().WithTimestampAssigner((e, _) => e.Timestamp))
        .KeyBy(e => e.Key)
        .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
        .Aggregate(new Count())
        .SinkTo(new ActionSink<long>(c => Interlocked.Add(ref total, c)));
    await env.ExecuteAsync("window count");
    return total;
}

long HandValueState()
{
    var counts = new Dictionary<long, long>();
    long sum = 0;
    for (long i = 0; i < n; i++)
    {
        var key = i % keys;
        counts.TryGetValue(key, out var c);
        c++;
        counts[key] = c;
        sum += c;
    }
    return sum;
}

long BackendValueState()
{
    var backend = new HeapKeyedStateBackend<long>(128, new KeyGroupRange(0, 127), TimeProvider.System);
    var state = backend.GetState(new ValueStateDescriptor<long>("count"));
    long sum = 0;
    for (long i = 0; i < n; i++)
    {
        backend.SetCurrentKey(i % keys);
        var c = state.Value() + 1;
        state.Update(c);
        sum += c;
    }
    return sum;
}

async Task<long> ValueStateJob()
{
    long total = 0;
    var env = Env(2);
    env.FromGenerator(i => i % keys, n)
        .KeyBy(k => k)
        .Process(new CountPerKey())
        .SinkTo(new ActionSink<long>(c => Interlocked.Add(ref total, c)));
    await env.ExecuteAsync("value state");
    return total;
}

// Each measurement is the best of three runs, so a run disturbed by other work on the machine does not skew a ratio.
// Gen-0 collections and allocated bytes are per run (averaged over the three), to show per-record allocations.
static (double Seconds, long Result, double Gen0, double Bytes) Time(Func<long> run)
{
    (double Seconds, long Result, double Gen0, double Bytes) best = (double.MaxValue, 0, 0, 0);
    var gen0 = GC.CollectionCount(0);
    var bytes = GC.GetTotalAllocatedBytes(precise: false);
    for (var k = 0; k < 3; k++)
    {
        var sw = Stopwatch.StartNew();
        var r = run();
        if (sw.Elapsed.TotalSeconds < best.Seconds) best = (sw.Elapsed.TotalSeconds, r, 0, 0);
    }
    return best with { Gen0 = (GC.CollectionCount(0) - gen0) / 3.0, Bytes = (GC.GetTotalAllocatedBytes(precise: false) - bytes) / 3.0 };
}

static async Task<(double Seconds, long Result, double Gen0, double Bytes)> TimeJob(Func<Task<long>> run)
{
    (double Seconds, long Result, double Gen0, double Bytes) best = (double.MaxValue, 0, 0, 0);
    var gen0 = GC.CollectionCount(0);
    var bytes = GC.GetTotalAllocatedBytes(precise: false);
    for (var k = 0; k < 3; k++)
    {
        var sw = Stopwatch.StartNew();
        var r = await run();
        if (sw.Elapsed.TotalSeconds < best.Seconds) best = (sw.Elapsed.TotalSeconds, r, 0, 0);
    }
    return best with { Gen0 = (GC.CollectionCount(0) - gen0) / 3.0, Bytes = (GC.GetTotalAllocatedBytes(precise: false) - bytes) / 3.0 };
}

void Report(string name, (double Seconds, long Result, double Gen0, double Bytes) measured, (double Seconds, long Result, double Gen0, double Bytes) baseline)
{
    if (measured.Result != baseline.Result)
        throw new InvalidOperationException($"{name}: result {measured.Result} differs from the baseline's {baseline.Result}.");
    var rate = n / measured.Seconds;
    var baseRate = n / baseline.Seconds;
    Console.WriteLine($"{name,-52} {rate,14:N0} rec/s   baseline {baseRate,14:N0} rec/s   ratio {rate / baseRate:F3}   gen0 GCs/run {measured.Gen0,6:F0}   alloc B/record {measured.Bytes / n,6:F1}");
}

// Warm up the JIT and the thread pool on a small run of each.
var full = n;
n = Math.Min(n, 200_000);
await WindowCountJob();
await ValueStateJob();
BackendValueState();
HandValueState();
HandWindowCount();
n = full;

Report("Keyed tumbling-window count, 1 s, job p=2", await TimeJob(WindowCountJob), Time(HandWindowCount));
Report("Keyed ValueState read-modify-write, job p=2", await TimeJob(ValueStateJob), Time(HandValueState));
Report("Keyed ValueState read-modify-write, backend 1 thread", Time(BackendValueState), Time(HandValueState));

internal sealed class Count : IAggregateFunction<(long Key, long Timestamp), long, long>
{
    public long CreateAccumulator() => 0;
    public long Add((long Key, long Timestamp) value, long accumulator) => accumulator + 1;
    public long GetResult(long accumulator) => accumulator;
    public long Merge(long a, long b) => a + b;
}

/// <summary>Counts records per key in ValueState and emits the new count (read-modify-write per record).</summary>
internal sealed class CountPerKey : KeyedProcessFunction<long, long, long>
{
    private IValueState<long> _count = null!;

    public override void Open() => _count = RuntimeContext.GetState(new ValueStateDescriptor<long>("count"));

    public override void ProcessElement(long value, Context context, ICollector<long> output)
    {
        var c = _count.Value() + 1;
        _count.Update(c);
        output.Collect(c);
    }
}
