using System.Diagnostics;
using System.Globalization;
using Brook.Core.Configuration;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Sinks;
using Brook.Streaming.State;

// The second job's time with and without a cached intermediate result. The intermediate result is a keyed aggregation
// (final sum per key, [keys] keys) over [records] generated records, in BATCH mode on one MiniCluster (parallelism 2).
// Program A caches it: job 1 computes and caches it; job 2 (a filter and a count over the aggregate) reads the cluster
// data set. Baseline, same process and cluster: program B is the same job 2 without a cache, recomputing the aggregate.
// Rounds alternate A and B so drift of a shared machine hits both alike; medians are reported.
// Usage: dotnet run -c Release --project bench/Brook.CacheBench [records] [keys] [rounds]
var records = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 4_000_000L;
var keys = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 200_000L;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
Console.WriteLine($"Brook cache benchmark: {records:N0} records, {keys:N0} keys, {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2);
await using var cluster = new MiniCluster(conf);
var expected = Expected(records, keys);
var producing = new List<double>();
var cached = new List<double>();
var recomputed = new List<double>();
for (var round = 0; round < rounds; round++)
{
    var env = Env();
    var aggregate = Aggregate(env).Cache();
    var first = new CountSink();
    aggregate.SinkTo(first);
    producing.Add(await TimeAsync(env, "job 1: aggregate and cache"));
    var bytes = cluster.TaskExecutors.Sum(te => te.ClusterPartitionBytes);

    var second = new CountSink();
    SecondJob(aggregate, second);
    cached.Add(await TimeAsync(env, "job 2: reads the cached aggregate"));
    Check(second, "cached");
    await aggregate.InvalidateCacheAsync();

    var baseline = Env();
    var plain = new CountSink();
    SecondJob(Aggregate(baseline), plain);
    recomputed.Add(await TimeAsync(baseline, "job 2: recomputes the aggregate"));
    Check(plain, "recomputed");
    Console.WriteLine($"round {round + 1}: job 1 (compute + cache) {producing[^1],8:F1} ms; job 2 with cache {cached[^1],8:F1} ms; " +
        $"job 2 recomputing {recomputed[^1],8:F1} ms; cached result {bytes / 1e6:F1} MB, after invalidation {cluster.TaskExecutors.Sum(te => te.ClusterPartitionBytes)} bytes");
}
Console.WriteLine($"job 1 (compute + cache) p50 {Median(producing):F1} ms");
Console.WriteLine($"job 2 with the cached result p50 {Median(cached):F1} ms (min {cached.Min():F1}, max {cached.Max():F1})");
Console.WriteLine($"job 2 recomputing (baseline) p50 {Median(recomputed):F1} ms (min {recomputed.Min():F1}, max {recomputed.Max():F1})");
Console.WriteLine($"ratio recomputing / cached: {Median(recomputed) / Median(cached):F1}x");

StreamExecutionEnvironment Env() =>
    StreamExecutionEnvironment.Create(new MiniClusterExecutor(cluster), conf).SetParallelism(2).SetRuntimeMode(RuntimeExecutionMode.BATCH);

// The expensive part: every record is hashed into a key and summed per key; the result is one (key, sum) per key.
DataStream<(long Key, long Sum)> Aggregate(StreamExecutionEnvironment env) =>
    env.FromSequence(0, records - 1)
        .Map(i => (Key: Mix(i) % keys, Value: i & 1023))
        .KeyBy(r => r.Key)
        .Process(new FinalSum());

// Job 2: the keys whose sum is even, counted.
void SecondJob(DataStream<(long Key, long Sum)> aggregate, CountSink sink) => aggregate.Filter(r => (r.Sum & 1) == 0).SinkTo(sink);

void Check(CountSink sink, string what)
{
    if (sink.Count != expected) throw new InvalidOperationException($"The {what} second job counted {sink.Count} keys, expected {expected}.");
}

async Task<double> TimeAsync(StreamExecutionEnvironment env, string name)
{
    var start = Stopwatch.GetTimestamp();
    await env.ExecuteAsync(name);
    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}

static long Mix(long i)
{
    var x = (ulong)i * 0x9E3779B97F4A7C15UL;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9UL;
    return (long)((x ^ (x >> 32)) & long.MaxValue);
}

static long Expected(long records, long keys)
{
    var sums = new long[keys];
    for (long i = 0; i < records; i++) sums[Mix(i) % keys] += i & 1023;
    var present = new bool[keys];
    for (long i = 0; i < records; i++) present[Mix(i) % keys] = true;
    return Enumerable.Range(0, (int)keys).Count(k => present[k] && (sums[k] & 1) == 0);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>The final sum of each key, emitted once when its input ended (an event-time timer at the end of time).</summary>
internal sealed class FinalSum : KeyedProcessFunction<long, (long Key, long Value), (long Key, long Sum)>
{
    private IValueState<long> _sum = null!;
    private IValueState<bool> _seen = null!;

    public override void Open()
    {
        _sum = RuntimeContext.GetState(new ValueStateDescriptor<long>("sum"));
        _seen = RuntimeContext.GetState(new ValueStateDescriptor<bool>("seen"));
    }

    public override void ProcessElement((long Key, long Value) value, Context context, ICollector<(long Key, long Sum)> output)
    {
        _sum.Update(_sum.Value() + value.Value);
        if (_seen.Value()) return;
        _seen.Update(true);
        context.TimerService.RegisterEventTimeTimer(long.MaxValue);
    }

    public override void OnTimer(long timestamp, OnTimerContext context, ICollector<(long Key, long Sum)> output) =>
        output.Collect((context.CurrentKey, _sum.Value()));
}

/// <summary>Counts what it receives, over all subtasks.</summary>
internal sealed class CountSink : ISink<(long Key, long Sum)>
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public string Name => "Count";

    public ISinkWriter<(long Key, long Sum)> CreateWriter(ISinkWriterContext context) => new Writer(this);

    private sealed class Writer(CountSink sink) : ISinkWriter<(long Key, long Sum)>
    {
        public void Write((long Key, long Sum) value, SinkRecordContext context) => Interlocked.Increment(ref sink._count);

        public void Flush(bool endOfInput)
        {
        }

        public void Dispose()
        {
        }
    }
}
