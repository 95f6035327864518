using Brook.Core.States;
using Brook.Streaming;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests.NetworkShuffle;

/// <summary>Jobs whose subtasks run on two in-process TaskManagers exchanging records over TCP give the in-process results.</summary>
public sealed class TcpExchangeJobTests
{
    private static readonly string[] Lines = Enumerable.Range(0, 2000)
        .Select(i => string.Join(' ', Enumerable.Range(0, 1 + i % 7).Select(j => "w" + (i * 31 + j * 17) % 97)))
        .ToArray();

    [Fact]
    public async Task WordCountOverTwoTaskManagersEqualsTheLinqReferenceAndCountsTheBytesThatCrossed()
    {
        await using var cluster = new MC(TcpExchange.Configuration());
        var env = TcpExchange.Environment(cluster, 2);
        var sink = new CollectSink<(string Key, long Value)>();
        env.FromCollection(Lines)
            .Rebalance()
            .FlatMap<string>(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .KeyBy(w => w)
            .Sum(_ => 1L)
            .SinkTo(sink);

        await env.ExecuteAsync("wordcount over tcp").WaitAsync(Env.Timeout);

        var expected = Lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
        var actual = sink.Values.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Max(r => r.Value));
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        Assert.Equal(expected.Values.Sum(), sink.Records.Count);
        Assert.All(sink.Records.GroupBy(r => r.Value.Key), g => Assert.Single(g.Select(r => r.Subtask).Distinct()));

        var job = Assert.Single(cluster.Jobs).Snapshot();
        Assert.Equal(JobStatus.FINISHED, job.Status);
        var subtasks = job.Vertices.SelectMany(v => v.Subtasks).Select(s => s.CurrentExecution).ToList();
        // Spread over both TaskManagers, so half of every exchange crossed TCP and was counted as bytes.
        Assert.Equal(2, subtasks.Select(e => e.TaskManagerId).Distinct().Count());
        Assert.All(job.Vertices.Skip(1), v => Assert.True(v.Subtasks.Sum(s => s.CurrentExecution.Metrics.NumBytesIn) > 0, $"{v.Name} read no bytes"));
        Assert.All(job.Vertices.SkipLast(1), v => Assert.True(v.Subtasks.Sum(s => s.CurrentExecution.Metrics.NumBytesOut) > 0, $"{v.Name} wrote no bytes"));
        // What a producer sent over TCP is what its consumers received.
        for (var i = 1; i < job.Vertices.Count; i++)
        {
            Assert.Equal(job.Vertices[i - 1].Subtasks.Sum(s => s.CurrentExecution.Metrics.NumBytesOut), job.Vertices[i].Subtasks.Sum(s => s.CurrentExecution.Metrics.NumBytesIn));
        }
        await TcpExchange.AllChannelsReleased(cluster);
    }

    /// <summary>Public: a user type crossing TCP is serialized by MessagePack's dynamic formatter, which takes public types only.</summary>
    public readonly record struct Event(string Key, long Value, long Timestamp);

    [Fact]
    public async Task KeyedEventTimeWindowsOverTwoTaskManagersEqualTheLinqReference()
    {
        var random = new Random(13);
        var events = Enumerable.Range(0, 20_000)
            .Select(i => new Event("k" + random.Next(11), random.Next(1, 100), 1_000_000 + (long)i * 5 + random.Next(300)))
            .ToArray();
        await using var cluster = new MC(TcpExchange.Configuration());
        var env = TcpExchange.Environment(cluster, 2);
        var sink = new CollectSink<(string Key, long Start, long Count, long Sum)>();
        // One reader in timestamp order, then assigners on both TaskManagers: every window needs the watermarks of both, one over TCP.
        env.FromCollection(events).SetParallelism(1)
            .Rebalance()
            .AssignTimestampsAndWatermarks(WatermarkStrategy<Event>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(400)).WithTimestampAssigner((e, _) => e.Timestamp))
            .KeyBy(e => e.Key)
            .Window(TumblingEventTimeWindows.Of(TimeSpan.FromSeconds(1)))
            .Aggregate((Count: 0L, Sum: 0L), (acc, e) => (acc.Count + 1, acc.Sum + e.Value), (key, window, acc) => (key, window.Start, acc.Count, acc.Sum))
            .SinkTo(sink);

        await env.ExecuteAsync("windows over tcp").WaitAsync(Env.Timeout);

        var expected = events.GroupBy(e => (e.Key, Start: e.Timestamp - e.Timestamp % 1000))
            .Select(g => (g.Key.Key, g.Key.Start, (long)g.Count(), g.Sum(e => e.Value))).Order();
        Assert.Equal(expected, sink.Values.Order());
        var job = Assert.Single(cluster.Jobs).Snapshot();
        Assert.True(job.Vertices.Last().Subtasks.Sum(s => s.CurrentExecution.Metrics.NumBytesIn) > 0, "the windows read nothing over TCP");
        await TcpExchange.AllChannelsReleased(cluster);
    }

    [Fact]
    public async Task InMemoryChannelsOfOneTaskManagerCountNoBytes()
    {
        await using var cluster = new MC(TcpExchange.Configuration(taskManagers: 1, slotsPerTaskManager: 2));
        var env = TcpExchange.Environment(cluster, 2);
        var sink = new CollectSink<(string Key, long Value)>();
        env.FromCollection(Lines).Rebalance().FlatMap<string>(line => line.Split(' ')).KeyBy(w => w).Sum(_ => 1L).SinkTo(sink);

        await env.ExecuteAsync("wordcount in memory").WaitAsync(Env.Timeout);

        Assert.Equal(Lines.Sum(l => l.Split(' ').Length), sink.Records.Count);
        var job = Assert.Single(cluster.Jobs).Snapshot();
        Assert.All(job.Vertices.SelectMany(v => v.Subtasks), s => Assert.Equal(0, s.CurrentExecution.Metrics.NumBytesIn + s.CurrentExecution.Metrics.NumBytesOut));
    }
}
