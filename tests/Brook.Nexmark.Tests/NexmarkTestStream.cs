using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Nexmark.Generator;
using Brook.Nexmark.Model;
using Brook.Nexmark.Queries;
using Brook.Runtime.MiniCluster;
using Brook.Streaming;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using JobGraphType = Brook.Runtime.JobGraph.JobGraph;

namespace Brook.Nexmark.Tests;

/// <summary>The small stream the query tests use, and a harness that runs a query on it on an embedded cluster.</summary>
internal static class NexmarkTestStream
{
    /// <summary>30 000 events over 2 generators, 1000 events/s of event time (30 s), out of order within groups of 20.</summary>
    public static readonly GeneratorConfig Config = new() { MaxEvents = 30_000, NumEventGenerators = 2, FirstEventRate = 1000, OutOfOrderGroupSize = 20 };

    private static readonly Lazy<IReadOnlyList<Event>> Events = new(() => AllEvents(Config));

    public static IReadOnlyList<Event> All => Events.Value;

    public static IEnumerable<Bid> Bids => All.Where(e => e.Bid is not null).Select(e => e.Bid!);

    public static IEnumerable<Auction> Auctions => All.Where(e => e.Auction is not null).Select(e => e.Auction!);

    public static IEnumerable<Person> Persons => All.Where(e => e.Person is not null).Select(e => e.Person!);

    public static List<Event> AllEvents(GeneratorConfig config) =>
        config.Split().SelectMany(s => NexmarkGenerator.Generate(config, s.FirstEventId, s.Count)).ToList();

    /// <summary>Runs the query on the stream with parallelism 2 and returns its output rows in arrival order.</summary>
    public static async Task<List<T>> RunAsync<T>(Func<DataStream<Event>, DataStream<T>> query, GeneratorConfig? config = null)
    {
        var (status, failure, rows) = await RunJobAsync(query, config);
        Assert.True(status == JobStatus.FINISHED, $"The job ended {status}: {failure}");
        return rows;
    }

    /// <summary>Runs the query and returns how the job ended, its failure and the rows it produced.</summary>
    public static async Task<(JobStatus Status, string? Failure, List<T> Rows)> RunJobAsync<T>(Func<DataStream<Event>, DataStream<T>> query, GeneratorConfig? config = null)
    {
        var rows = new ConcurrentQueue<T>();
        var (status, failure) = await RunJobAsync(events => query(events).SinkTo(new ActionSink<T>(rows.Enqueue)), config);
        return (status, failure, rows.ToList());
    }

    /// <summary>Runs a job whose sinks <paramref name="attach"/> adds, with <paramref name="checkpointInterval"/> when given.</summary>
    public static async Task<(JobStatus Status, string? Failure)> RunJobAsync(Action<DataStream<Event>> attach, GeneratorConfig? config = null, TimeSpan? checkpointInterval = null)
    {
        var conf = new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2);
        await using var cluster = new MiniCluster(conf);
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor(), conf).SetParallelism(2);
        if (checkpointInterval is { } interval) env.EnableCheckpointing(interval);
        attach(NexmarkStreams.WithWatermarks(env.FromSource(new NexmarkSource(config ?? Config), "Nexmark")));
        var job = cluster.SubmitJob(JobGraphType.FromStreamGraph(env.GetStreamGraph("nexmark-test")));
        var result = await job.ResultTask.WaitAsync(TimeSpan.FromMinutes(2));
        return (result.Status, result.Failure?.ToString());
    }
}
