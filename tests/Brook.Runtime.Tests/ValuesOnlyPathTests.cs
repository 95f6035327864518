using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Core.States;
using Brook.Runtime.Tests.NetworkShuffle;
using Brook.Streaming;
using Brook.Streaming.State;
using Brook.Streaming.Sinks;
using MC = Brook.Runtime.MiniCluster.MiniCluster;

namespace Brook.Runtime.Tests;

/// <summary>
/// Records without timestamps travel as values only (the sequence source's polls, rolling aggregations' outputs): jobs
/// taking that path give the LINQ results, one output per input, no timestamps, and exact record counts.
/// </summary>
public sealed class ValuesOnlyPathTests
{
    private const int N = 60_000;
    private const int Keys = 101;

    /// <summary>Keeps every output with whether its record had a timestamp.</summary>
    private sealed class TimestampCheckingSink<T> : ISink<T>
    {
        public ConcurrentQueue<(T Value, bool HasTimestamp)> Records { get; } = new();

        public string Name => "Timestamp checking";

        public ISinkWriter<T> CreateWriter(ISinkWriterContext context) => new Writer(this);

        private sealed class Writer(TimestampCheckingSink<T> sink) : ISinkWriter<T>
        {
            public void Write(T value, SinkRecordContext context) => sink.Records.Enqueue((value, context.Timestamp is not null));

            public void Flush(bool endOfInput)
            {
            }

            public void Dispose()
            {
            }
        }
    }

    private static void AssertRunningSums(IReadOnlyCollection<(long Key, long Sum)> outputs)
    {
        Assert.Equal(N, outputs.Count);
        foreach (var g in outputs.GroupBy(r => r.Key))
        {
            var inputs = Enumerable.Range(1, N).Where(i => i % Keys == g.Key).Select(i => (long)i).ToList();
            // One output per input (all positive), every running sum once, the last one the key's total.
            Assert.Equal(inputs.Count, g.Count());
            Assert.Equal(inputs.Count, g.Select(r => r.Sum).Distinct().Count());
            Assert.Equal(inputs.Sum(), g.Max(r => r.Sum));
        }
        Assert.Equal(Keys, outputs.Select(r => r.Key).Distinct().Count());
    }

    [Fact]
    public async Task A_keyed_sum_of_a_sequence_equals_the_linq_reference_without_timestamps_and_counts_every_record()
    {
        await using var cluster = new MC(new Configuration().Set(CoreOptions.NumberOfTaskSlots, 2));
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetParallelism(2);
        var sink = new TimestampCheckingSink<(long Key, long Sum)>();
        // Sum's values go on through a fused map (values become records there) and a rebalance to the sink.
        env.FromSequence(1, N).KeyBy(v => v % Keys).Sum(v => v).Map(t => t).Rebalance().SinkTo(sink);
        var client = await env.ExecuteDetachedAsync();
        await client.GetJobExecutionResultAsync().WaitAsync(Env.Timeout);

        AssertRunningSums(sink.Records.Select(r => r.Value).ToList());
        Assert.All(sink.Records, r => Assert.False(r.HasTimestamp));
        var snapshot = cluster.GetJob(client.JobId)!.Snapshot();
        Assert.Equal(JobStatus.FINISHED, snapshot.Status);
        Assert.Equal(3, snapshot.Vertices.Count);
        Assert.Equal(N, snapshot.Vertices[0].AggregatedMetrics.NumRecordsOut);
        Assert.All(snapshot.Vertices.Skip(1), v => Assert.Equal(N, v.AggregatedMetrics.NumRecordsIn));
        Assert.Equal(N, snapshot.Vertices[1].AggregatedMetrics.NumRecordsOut);
    }

    [Fact]
    public async Task A_keyed_reduce_of_a_sequence_chained_to_its_sink_gives_each_keys_running_totals()
    {
        var env = Env.Local(2);
        var sink = new TimestampCheckingSink<long>();
        env.FromSequence(1, N).KeyBy(v => v % Keys).Reduce((a, b) => a + b).SinkTo(sink);
        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(N, sink.Records.Count);
        Assert.All(sink.Records, r => Assert.False(r.HasTimestamp));
        var totals = Enumerable.Range(1, N).GroupBy(i => i % Keys).Select(g => g.Sum(i => (long)i)).Order();
        // Every key's total is among the running totals (the inputs are positive, so it is the key's last one).
        var runningTotals = sink.Records.Select(r => r.Value).ToHashSet();
        Assert.All(totals, t => Assert.Contains(t, runningTotals));
    }

    private sealed class Count : IAggregateFunction<long, long, long>
    {
        public long CreateAccumulator() => 0;

        public long Add(long value, long accumulator) => accumulator + 1;

        public long GetResult(long accumulator) => accumulator;

        public long Merge(long a, long b) => a + b;
    }

    [Fact]
    public async Task A_count_window_takes_values_only_buffers_as_records()
    {
        var env = Env.Local(2);
        var sink = new TimestampCheckingSink<long>();
        // The window operator has no value input: the keyBy buffers' values become records for it.
        env.FromSequence(1, N).KeyBy(v => v % 7).CountWindow(10).Aggregate(new Count()).SinkTo(sink);
        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        var expectedWindows = Enumerable.Range(0, 7).Sum(k => Enumerable.Range(1, N).Count(i => i % 7 == k) / 10);
        Assert.Equal(expectedWindows, sink.Records.Count);
        Assert.All(sink.Records, r => Assert.Equal(10, r.Value));
    }

    [Fact]
    public async Task A_keyed_sum_of_a_sequence_over_tcp_equals_the_linq_reference()
    {
        await using var cluster = new MC(TcpExchange.Configuration());
        var env = TcpExchange.Environment(cluster, 2);
        var sink = new TimestampCheckingSink<(long Key, long Sum)>();
        env.FromSequence(1, N).KeyBy(v => v % Keys).Sum(v => v).Rebalance().SinkTo(sink);

        await env.ExecuteAsync("sum over tcp").WaitAsync(Env.Timeout);

        AssertRunningSums(sink.Records.Select(r => r.Value).ToList());
        Assert.All(sink.Records, r => Assert.False(r.HasTimestamp));
        await TcpExchange.AllChannelsReleased(cluster);
    }
}
