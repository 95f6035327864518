using System.Diagnostics;
using System.Net;
using Brook.Cluster;
using Brook.Core.Configuration;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;

// Requests per second of GET /jobs/:jobid/vertices/:vertexid/subtasks/metrics (get + agg, as Flink's dashboard asks when it
// colours the job graph) while a parallelism-8 job runs, against GET /overview in the same process and run, rounds
// interleaved. Usage: Brook.MetricsBench [seconds per round] [rounds] [concurrency] [metrics.fetcher.update-interval]
var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
var concurrency = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;
var interval = args.Length > 3 ? args[3] : "10 s";

var logDir = Path.Combine(Path.GetTempPath(), "brook-bench-" + Guid.NewGuid().ToString("N"));
var config = new Configuration().Set(CoreOptions.RestPort, 0).SetRaw(CoreOptions.LogDir.Key, logDir)
    .Set(CoreOptions.NumberOfTaskSlots, 4).SetRaw(MetricOptions.FetcherUpdateInterval.Key, interval);
await using var cluster = await LocalCluster.StartAsync(config, new LocalClusterOptions(NumberOfTaskManagers: 2));

var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(8);
env.FromGenerator(i => i).Rebalance().Map(x => x * 3).Filter(x => (x & 1) == 0).SinkTo(new ActionSink<long>(_ => { }));
var graph = Brook.Runtime.JobGraph.JobGraph.FromStreamGraph(env.GetStreamGraph("metrics bench p=8"));
cluster.Dispatcher.SubmitJob(graph);
var sinkVertex = graph.Vertices[^1].Id.Hex;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
var metricsUrl = new Uri(cluster.RestAddress,
    $"/jobs/{graph.JobId.Hex}/vertices/{sinkVertex}/subtasks/metrics?get=numRecordsIn,busyTimeMsPerSecond,backPressuredTimeMsPerSecond&agg=max,sum");
var overviewUrl = new Uri(cluster.RestAddress, "/overview");
// Wait until every subtask reports, so each answer aggregates eight subtasks.
while (!(await http.GetStringAsync(metricsUrl)).Contains("\"sum\"", StringComparison.Ordinal)) await Task.Yield();

async Task<double> Measure(Uri url, double duration)
{
    long count = 0;
    var stop = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (stop.Elapsed.TotalSeconds < duration)
        {
            using var response = await http.GetAsync(url);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
            Interlocked.Increment(ref count);
        }
    }).ToArray();
    await Task.WhenAll(workers);
    return count / stop.Elapsed.TotalSeconds;
}

// What one refresh of the MetricStore costs: the process's whole dump, and the slowest metrics in it.
{
    var sw = Stopwatch.StartNew();
    var dumped = 0;
    for (var i = 0; i < 20; i++) dumped = cluster.MetricRegistry.Dump().Count;
    Console.WriteLine($"dump: {dumped} metrics, {sw.Elapsed.TotalMilliseconds / 20:F2} ms each");
    var slowest = cluster.MetricRegistry.Metrics.Select(m =>
    {
        var t = Stopwatch.GetTimestamp();
        _ = m.Metric switch
        {
            Brook.Streaming.Metrics.IGauge g => g.Value,
            _ => null,
        };
        return (Name: m.Group.LogicalScope + "." + m.Name, Ms: Stopwatch.GetElapsedTime(t).TotalMilliseconds);
    }).OrderByDescending(x => x.Ms).Take(5);
    foreach (var (name, ms) in slowest) Console.WriteLine($"  {name}: {ms:F3} ms");
}

await Measure(metricsUrl, 1);
await Measure(overviewUrl, 1);
double metricsTotal = 0, overviewTotal = 0;
for (var r = 0; r < rounds; r++)
{
    var m = await Measure(metricsUrl, seconds);
    var o = await Measure(overviewUrl, seconds);
    metricsTotal += m;
    overviewTotal += o;
    Console.WriteLine($"round {r + 1}: subtasks/metrics {m:F0} req/s, /overview {o:F0} req/s");
}
Console.WriteLine($"sample answer: {await http.GetStringAsync(metricsUrl)}");
Console.WriteLine($"metrics.fetcher.update-interval {interval}, concurrency {concurrency}, {rounds} rounds of {seconds} s, job parallelism 8 running");
Console.WriteLine($"GET .../subtasks/metrics: {metricsTotal / rounds:F0} req/s; GET /overview: {overviewTotal / rounds:F0} req/s; ratio {overviewTotal / metricsTotal:F2}x");
cluster.Dispatcher.CancelJob(graph.JobId);
await cluster.DisposeAsync();
Directory.Delete(logDir, recursive: true);
