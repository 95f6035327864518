using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Nexmark.Generator;
using Brook.Nexmark.Queries;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Nexmark.Runner;

/// <summary>
/// Runs each query on an embedded cluster (one per run) with exactly-once checkpoints into a file-system checkpoint
/// directory and a blackhole sink: first a warm-up run, then the measured run, whose events/s, cores (from
/// /proc/self/stat) and checkpoint statistics it reports.
/// </summary>
public static class NexmarkRunner
{
    public static async Task<List<QueryResult>> RunAsync(RunnerOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        var root = options.CheckpointDirectory ?? Directory.CreateTempSubdirectory("brook-nexmark").FullName;
        var results = new List<QueryResult>();
        try
        {
            foreach (var name in options.Queries)
            {
                var query = NexmarkQueries.Get(name);
                if (options.WarmupEvents > 0) await RunOnceAsync(query, options, options.WarmupEvents, root, cancellationToken);
                var result = await RunOnceAsync(query, options, options.Events, root, cancellationToken);
                results.Add(result);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Query}: {result.EventsPerSecond / 1e6:F2} M events/s, {result.Cores:F2} cores, {result.EventsPerSecondPerCore / 1e3:F0} K events/s/core, " +
                    $"{result.Checkpoints} checkpoints (mean {result.CheckpointMeanDurationMs} ms), {result.OutputRows:N0} rows"));
            }
        }
        finally
        {
            if (options.CheckpointDirectory is null) Directory.Delete(root, recursive: true);
        }
        return results;
    }

    public static string Table(IReadOnlyList<QueryResult> results)
    {
        var lines = new List<string>
        {
            "| query | events | seconds | events/s | cores | events/s/core | Flink 2.0 /core | per-core ratio | checkpoints | mean ckpt ms | output rows |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var r in results)
        {
            var flink = r.FlinkEventsPerSecondPerCore is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f / 1e3:F1} K") : "–";
            var ratio = r.FlinkEventsPerSecondPerCore is { } g ? string.Create(CultureInfo.InvariantCulture, $"{r.EventsPerSecondPerCore / g:F2}x") : "–";
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Query} | {r.Events:N0} | {r.Seconds:F1} | {r.EventsPerSecond / 1e3:F0} K | {r.Cores:F2} | {r.EventsPerSecondPerCore / 1e3:F0} K | {flink} | {ratio} | {r.Checkpoints} | {r.CheckpointMeanDurationMs} | {r.OutputRows:N0} |"));
        }
        return string.Join(Environment.NewLine, lines);
    }

    public static string ToJson(List<QueryResult> results) => JsonSerializer.Serialize(results, NexmarkJsonContext.Default.ListQueryResult);

    private static async Task<QueryResult> RunOnceAsync(NexmarkQuery query, RunnerOptions options, long events, string root, CancellationToken cancellationToken)
    {
        var conf = new Configuration()
            .Set(CoreOptions.NumberOfTaskSlots, options.Parallelism)
            .SetRaw("execution.checkpointing.interval", $"{(long)options.CheckpointInterval.TotalMilliseconds} ms")
            .SetRaw("execution.checkpointing.mode", "EXACTLY_ONCE")
            .SetRaw("execution.checkpointing.dir", Path.Combine(root, query.Name + "-" + Guid.NewGuid().ToString("N")))
            .SetRaw("execution.checkpointing.num-retained", "1");
        await using var cluster = new MiniCluster(conf);
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(options.Parallelism);
        var config = new GeneratorConfig { MaxEvents = events, NumEventGenerators = options.Parallelism, FirstEventRate = options.EventRate };
        var source = NexmarkStreams.WithWatermarks(env.FromSource(new NexmarkSource(config), "Nexmark"));
        long rows = 0;
        // Files a query writes (q10) are its output as the blackhole is the others': dropped after the run.
        var work = Path.Combine(root, query.Name + "-output-" + Guid.NewGuid().ToString("N"));
        query.Attach(source, new BlackholeOutput(n => Interlocked.Add(ref rows, n), work));

        var cpuBefore = ProcessCpu.Now();
        var started = Stopwatch.GetTimestamp();
        var job = cluster.SubmitJob(JobGraphType.FromStreamGraph(env.GetStreamGraph("Nexmark " + query.Name)));
        var result = await job.ResultTask.WaitAsync(cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpu = (ProcessCpu.Now() - cpuBefore).TotalSeconds;
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        if (result.Status != JobStatus.FINISHED) throw new InvalidOperationException($"Query {query.Name} ended {result.Status}: {result.Failure}");
        var stats = job.CheckpointCoordinator.StatisticsSnapshot();
        var cores = cpu / seconds;
        var rate = events / seconds;
        return new QueryResult(query.Name, events, seconds, rate, cores, cores > 0 ? rate / cores : 0,
            FlinkFigures.EventsPerSecondPerCore.TryGetValue(query.Name, out var flink) ? flink : null,
            stats.Counts.Completed, stats.Summary.EndToEndDuration.Average, stats.Summary.StateSize.Maximum, Interlocked.Read(ref rows));
    }

    private sealed class BlackholeOutput(Action<long> addRows, string workDirectory) : IQueryOutput
    {
        public string WorkDirectory => workDirectory;

        public void Consume<T>(DataStream<T> results) => results.SinkTo(new BlackholeSink<T>(addRows), "Blackhole");
    }
}
