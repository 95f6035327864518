using Brook.Streaming;

namespace Brook.Runtime.Tests;

public sealed class WordCountTests
{
    private static readonly string[] Lines = Enumerable.Range(0, 400)
        .Select(i => string.Join(' ', Enumerable.Range(0, 1 + i % 7).Select(j => "w" + (i * 31 + j * 17) % 97)))
        .ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task WordCountEqualsLinqReference(int parallelism)
    {
        var env = Env.Local(parallelism);
        var sink = new CollectSink<(string Key, long Value)>();
        env.FromCollection(Lines)
            .Rebalance()
            .FlatMap<string>(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .KeyBy(w => w)
            .Sum(_ => 1L)
            .SinkTo(sink);

        await env.ExecuteAsync("wordcount").WaitAsync(Env.Timeout);

        var expected = Lines.SelectMany(l => l.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => (long)g.Count());
        var actual = sink.Values.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Max(r => r.Value));
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        // Rolling counts: one output per input word.
        Assert.Equal(expected.Values.Sum(), sink.Records.Count);
        // A key is only ever counted on one subtask.
        Assert.All(sink.Records.GroupBy(r => r.Value.Key), g => Assert.Single(g.Select(r => r.Subtask).Distinct()));
    }

    [Fact]
    public async Task KeyedReduceGivesEachKeysRunningTotalsExactlyOnce()
    {
        var env = Env.Local(3);
        var sink = new CollectSink<(int Key, long Sum)>();
        const int n = 30_000;
        env.FromSequence(1, n)
            .Map(i => ((int)(i % 11), i))
            .KeyBy(t => t.Item1)
            .Reduce((a, b) => (a.Item1, a.Item2 + b.Item2))
            .SinkTo(sink);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(n, sink.Records.Count);
        foreach (var g in sink.Values.GroupBy(r => r.Key))
        {
            var inputs = Enumerable.Range(1, n).Where(i => i % 11 == g.Key).Select(i => (long)i).ToList();
            // Every running total appears once, and the last is the key's total.
            Assert.Equal(inputs.Count, g.Count());
            Assert.Equal(inputs.Count, g.Select(r => r.Sum).Distinct().Count());
            Assert.Equal(inputs.Sum(), g.Max(r => r.Sum));
        }
    }
}
