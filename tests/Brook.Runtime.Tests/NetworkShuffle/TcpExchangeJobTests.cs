using Brook.Core.States;
using Brook.Streaming;
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
