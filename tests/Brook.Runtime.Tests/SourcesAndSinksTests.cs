using System.Net;
using System.Net.Sockets;
using System.Text;
using Brook.Streaming;
using Brook.Streaming.Sinks;
using Brook.Streaming.Sources;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Runtime.Tests;

public sealed class SourcesAndSinksTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brook-io-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ASequenceWiderThanALongIsSplitWithoutWrappingAndItsLastNumberMustHaveASuccessor()
    {
        // Before, the width of [long.MinValue, long.MaxValue) wrapped to a negative count: no splits, a job that read nothing.
        var splits = IndexRangeSplit.Divide(long.MinValue, long.MaxValue, 3);
        Assert.Equal(3, splits.Count);
        Assert.Equal(long.MinValue, splits[0].Start);
        Assert.Equal(long.MaxValue, splits[^1].End);
        Assert.All(splits.Zip(splits.Skip(1)), p => Assert.Equal(p.First.End, p.Second.Start));

        var e = Assert.Throws<ArgumentException>(() => new NumberSequenceSource(0, long.MaxValue));
        Assert.Contains($"the largest end is {long.MaxValue - 1}", e.Message);
        Assert.Equal(long.MaxValue - 1, new NumberSequenceSource(0, long.MaxValue - 1).To);
    }

    [Fact]
    public async Task TextFilesAreReadLineByLineAndWrittenPerSubtask()
    {
        var input = Path.Combine(_dir, "in");
        Directory.CreateDirectory(input);
        await File.WriteAllLinesAsync(Path.Combine(input, "a.txt"), Enumerable.Range(0, 300).Select(i => "a" + i));
        await File.WriteAllLinesAsync(Path.Combine(input, "b.txt"), Enumerable.Range(0, 200).Select(i => "b" + i));
        var output = Path.Combine(_dir, "out");
        var env = Env.Local(2);
        env.ReadTextFile(input).Map(s => s.ToUpperInvariant()).WriteAsText(output);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        var parts = Directory.GetFiles(output).Order().ToList();
        Assert.Equal(["part-0", "part-1"], parts.Select(Path.GetFileName));
        var lines = parts.SelectMany(File.ReadAllLines).ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => "A" + i).Concat(Enumerable.Range(0, 200).Select(i => "B" + i)).Order(), lines.Order());
    }

    [Fact]
    public async Task ASingleSubtaskWritesTheFileItselfInOrder()
    {
        var output = Path.Combine(_dir, "nested", "out.txt");
        var env = Env.Local();
        env.FromElements("x", "y", "z").Map(s => s + s).WriteAsText(output);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(["xx", "yy", "zz"], await File.ReadAllLinesAsync(output));
    }

    [Fact]
    public async Task AMissingFileFailsTheJobNamingThePath()
    {
        var env = Env.Local();
        var missing = Path.Combine(_dir, "missing.txt");
        env.ReadTextFile(missing).Print();

        var ex = await Assert.ThrowsAsync<Streaming.Execution.JobExecutionException>(() => env.ExecuteAsync().WaitAsync(Env.Timeout));
        Assert.Contains(missing, ex.InnerException!.Message);
    }

    [Fact]
    public async Task PrintPrefixesTheSubtaskWhenParallel()
    {
        var parallel = new StringWriter();
        var single = new StringWriter();
        var env = Env.Local(2);
        var source = env.FromSequence(1, 4);
        source.SinkTo(new PrintSink<long>(target: TextWriter.Synchronized(parallel)));
        source.SinkTo(new PrintSink<long>(sinkIdentifier: "one", target: single)).SetParallelism(1);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        var lines = parallel.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Order().ToList();
        Assert.Equal(["1> 1", "1> 2", "2> 3", "2> 4"], lines);
        Assert.Equal(["one> 1", "one> 2", "one> 3", "one> 4"], single.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task SocketTextStreamReadsLinesUntilThePeerCloses()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var bytes = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 1000).Select(i => "line " + i)) + "\n");
            await client.GetStream().WriteAsync(bytes);
        });
        var env = Env.Local();
        var sink = new CollectSink<string>();
        env.SocketTextStream("127.0.0.1", port).SinkTo(sink);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);
        await server;

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => "line " + i), sink.Values);
    }

    [Fact]
    public void TheGeneratorRateLimitGrantsRecordsAsTimePasses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var limiter = new RateLimiter(100, time);
        Assert.Equal(1, limiter.TryAcquire(50));
        Assert.Equal(0, limiter.TryAcquire(50));
        var next = limiter.WhenNextPermit();
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.True(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(490));
        // 100 per second: at 500 ms, 51 permits in total (one at time zero).
        Assert.Equal(50, limiter.TryAcquire(100));
        Assert.Equal(0, limiter.TryAcquire(100));
    }

    [Fact]
    public async Task ABoundedGeneratorProducesEachIndexOnce()
    {
        var env = Env.Local(3);
        var sink = new CollectSink<string>();
        env.FromGenerator(i => "event-" + i, count: 1000).SinkTo(sink);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => "event-" + i).Order(), sink.Values.Order());
    }
}
