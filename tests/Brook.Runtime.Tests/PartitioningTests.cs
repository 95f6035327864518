using Brook.Core.Hashing;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests;

public sealed class PartitioningTests
{
    [Fact]
    public void KeyHashingIsStableAndJavaCompatible()
    {
        Assert.Equal(99162322, KeyHasher<string>.Hash("hello"));
        Assert.Equal(42, KeyHasher<int>.Hash(42));
        Assert.Equal(StableHash.Of(7L), KeyHasher<long>.Hash(7L));
        Assert.Equal(KeyHasher<(string, int)>.Hash(("a", 1)), KeyHasher<(string, int)>.Hash(("a", 1)));
        Assert.NotEqual(KeyHasher<(string, int)>.Hash(("a", 1)), KeyHasher<(string, int)>.Hash(("a", 2)));
        // Other types hash their MessagePack bytes: equal values, equal hashes.
        Assert.Equal(KeyHasher<Point>.Hash(new Point(1, 2)), KeyHasher<Point>.Hash(new Point(1, 2)));
        Assert.NotEqual(KeyHasher<Point>.Hash(new Point(1, 2)), KeyHasher<Point>.Hash(new Point(2, 1)));
    }

    public sealed record Point(int X, int Y);

    [Fact]
    public void AKeyByEdgeCarriesEachRecordsKeyGroupToTheSubtaskOwningIt()
    {
        const int maxParallelism = 128;
        var channels = Enumerable.Range(0, 3).Select(_ => new Network.LocalInputChannel<string>(256, 64)).ToArray();
        var partitioner = new KeyGroupStreamPartitioner<string, string>(s => s[..3], maxParallelism);
        var writer = new Network.RecordWriter<string>(channels, partitioner, 0, 1, false, new Metrics.TaskMetrics(TimeProvider.System),
            CancellationToken.None, TimeProvider.System);
        var values = Enumerable.Range(0, 5000).Select(i => $"{i % 997:D3}-{i}").ToList();
        foreach (var v in values) writer.Emit(new StreamRecord<string>(v));
        writer.FlushAll();

        var received = 0;
        for (var c = 0; c < channels.Length; c++)
        {
            while (channels[c].TryPoll(out var buffer))
            {
                Assert.NotNull(buffer.KeyGroups);
                for (var i = 0; i < buffer.Count; i++)
                {
                    // The key group a keyed operator would compute for the record's key, on the subtask that owns it.
                    var keyGroup = KeyGroupRangeAssignment.AssignToKeyGroup(KeyHasher<string>.Hash(buffer.Records[i].Value[..3]), maxParallelism);
                    Assert.Equal(keyGroup, buffer.KeyGroups![i]);
                    Assert.Equal(c, KeyGroupRangeAssignment.OperatorIndexForKeyGroup(maxParallelism, channels.Length, keyGroup));
                    received++;
                }
            }
        }
        Assert.Equal(values.Count, received);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(128)]
    [InlineData(1000)]
    [InlineData(32768)]
    public void TheFastKeyGroupArithmeticEqualsKeyGroupRangeAssignment(int maxParallelism)
    {
        var computer = new KeyGroupComputer(maxParallelism);
        var random = new Random(maxParallelism);
        var hashes = Enumerable.Range(0, 20_000).Select(_ => random.Next(int.MinValue, int.MaxValue)).Concat([int.MinValue, int.MaxValue, 0, -1, 1]);
        foreach (var h in hashes)
        {
            var keyGroup = computer.KeyGroup(h);
            Assert.Equal(KeyGroupRangeAssignment.AssignToKeyGroup(h, maxParallelism), keyGroup);
            foreach (var p in new[] { 1, 2, 3, Math.Min(maxParallelism, 5), maxParallelism })
                Assert.Equal(KeyGroupRangeAssignment.OperatorIndexForKeyGroup(maxParallelism, p, keyGroup), computer.OperatorIndex(keyGroup, p));
        }
    }

    [Fact]
    public void KeyGroupPartitionerSendsAKeyToTheOwnerOfItsKeyGroup()
    {
        var partitioner = new KeyGroupStreamPartitioner<string, string>(s => s, 128);
        foreach (var key in Enumerable.Range(0, 500).Select(i => "key" + i))
        {
            var channel = partitioner.SelectChannel(key, 3);
            var keyGroup = KeyGroupRangeAssignment.AssignToKeyGroup(StableHash.Of(key), 128);
            Assert.True(KeyGroupRangeAssignment.RangeForOperatorIndex(128, 3, channel).Contains(keyGroup));
        }
    }

    [Fact]
    public async Task KeyedOperatorsSeeOnlyKeysOfTheirKeyGroupsWithTheCurrentKeySet()
    {
        var env = Env.Local(3).SetMaxParallelism(16);
        var sink = new CollectSink<string>();
        env.FromSequence(1, 5000)
            .Map(i => "k" + i % 101)
            .KeyBy(s => s)
            .KeyedTransform<string>("Check keys", () => new KeyCheckingOperator())
            .SinkTo(sink);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(5000, sink.Records.Count);
        Assert.All(sink.Values, v => Assert.Equal("ok", v));
    }

    private sealed class KeyCheckingOperator() : KeyedOneInputOperator<string, string, string, object>(new object(), s => s)
    {
        protected override string OperatorName => "Check keys";

        protected override void ProcessKeyedElement(StreamRecord<string> record)
        {
            var ok = Keys.CurrentKey == record.Value
                && Keys.KeyGroupRange.Contains(Keys.CurrentKeyGroup)
                && Keys.CurrentKeyGroup == KeyGroupRangeAssignment.AssignToKeyGroup(StableHash.Of(record.Value), 16);
            Output.Collect(record.Replace(ok ? "ok" : $"key {record.Value} in group {Keys.CurrentKeyGroup} outside {Keys.KeyGroupRange}"));
        }
    }

    [Fact]
    public async Task BroadcastGlobalShuffleAndRescaleDistributeAsSpecified()
    {
        const int n = 1000;
        var env = Env.Local(2);
        var broadcast = new CollectSink<long>();
        var global = new CollectSink<long>();
        var shuffle = new CollectSink<long>();
        var rescale = new CollectSink<long>();
        var source = env.FromSequence(0, n - 1);
        source.Broadcast().SinkTo(broadcast).SetParallelism(3);
        source.Global().SinkTo(global).SetParallelism(3);
        source.Shuffle().SinkTo(shuffle).SetParallelism(3);
        source.Rescale().SinkTo(rescale).SetParallelism(4);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(3 * n, broadcast.Records.Count);
        Assert.All(broadcast.Records.GroupBy(r => r.Subtask), g => Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), g.Select(r => r.Value).Order()));
        Assert.Equal(n, global.Records.Count);
        Assert.All(global.Records, r => Assert.Equal(0, r.Subtask));
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), shuffle.Values.Order());
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), rescale.Values.Order());
        // Each source subtask reads one half of the range; rescale keeps a half on two of the four sinks.
        var halves = rescale.Records.GroupBy(r => r.Value < n / 2).ToDictionary(g => g.Key, g => g.Select(r => r.Subtask).Distinct().Order().ToList());
        Assert.Equal(2, halves[true].Count);
        Assert.Equal(2, halves[false].Count);
        Assert.Empty(halves[true].Intersect(halves[false]));
    }

    [Fact]
    public async Task RecordsOfOneChannelKeepTheirOrder()
    {
        const int n = 50_000;
        var env = Env.Local(2);
        var sink = new CollectSink<long>();
        // Source subtask s reads half s of the range; each map subtask receives a channel from each source
        // subtask, and the order within a channel must be the order the source emitted.
        env.FromSequence(0, n - 1).Rebalance().Map(i => i).SetParallelism(3).SinkTo(sink).SetParallelism(3);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(n, sink.Records.Count);
        var channels = sink.Records.GroupBy(r => (r.Subtask, Half: r.Value < n / 2)).ToList();
        Assert.Equal(6, channels.Count);
        Assert.All(channels, g => Assert.Equal(g.Select(r => r.Value).Order(), g.Select(r => r.Value)));
    }

    [Fact]
    public async Task SideOutputsAndUnionRouteRecords()
    {
        var odd = new OutputTag<string>("odd");
        var env = Env.Local(2);
        var main = new CollectSink<long>();
        var side = new CollectSink<string>();
        var union = new CollectSink<long>();
        var processed = env.FromSequence(1, 100).Process(new SplitOdd(odd));
        processed.SinkTo(main);
        processed.GetSideOutput(odd).Rebalance().SinkTo(side).SetParallelism(1);
        processed.Union(env.FromSequence(1000, 1009)).SinkTo(union);

        await env.ExecuteAsync().WaitAsync(Env.Timeout);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i * 2), main.Values.Order());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "odd " + (2 * i + 1)).Order(), side.Values.Order());
        Assert.Equal(60, union.Records.Count);
    }

    private sealed class SplitOdd(OutputTag<string> tag) : ProcessFunction<long, long>
    {
        public override void ProcessElement(long value, Context context, ICollector<long> output)
        {
            if (value % 2 == 0) output.Collect(value);
            else context.Output(tag, "odd " + value);
        }
    }
}
