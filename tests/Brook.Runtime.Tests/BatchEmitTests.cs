using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests;

/// <summary>A run of records handed to the record writer at once must land exactly where, and in the order, record-by-record emission puts them.</summary>
public sealed class BatchEmitTests
{
    public static TheoryData<string> Partitioners => new() { "keyBy", "forward", "rebalance" };

    private static StreamPartitioner Partitioner(string kind) => kind switch
    {
        "keyBy" => new KeyGroupStreamPartitioner<long, long>(v => v % 37, 128),
        "forward" => StreamPartitioner.Forward,
        _ => StreamPartitioner.Rebalance,
    };

    private static List<(long Value, long Timestamp, int KeyGroup)>[] Emit(string kind, bool batched)
    {
        // Forward needs as many channels as producers: one of each; the others spread over three channels.
        var count = kind == "forward" ? 1 : 3;
        var channels = Enumerable.Range(0, count).Select(_ => new Network.LocalInputChannel<long>(1_000, 64)).ToArray();
        var writer = new Network.RecordWriter<long>(channels, Partitioner(kind), 0, count, false, new Metrics.TaskMetrics(TimeProvider.System),
            CancellationToken.None, TimeProvider.System);
        var records = Enumerable.Range(0, 5_000).Select(i => new StreamRecord<long>(i * 7L, i)).ToArray();
        if (batched)
        {
            // Runs of uneven length, longer and shorter than a buffer, so runs cross buffer boundaries.
            var at = 0;
            for (var run = 1; at < records.Length; run = run * 3 % 301 + 1)
            {
                var n = Math.Min(run, records.Length - at);
                writer.EmitBatch(records.AsSpan(at, n));
                at += n;
            }
        }
        else
        {
            foreach (var r in records) writer.Emit(r);
        }
        writer.FlushAll();
        return channels.Select(c =>
        {
            var received = new List<(long, long, int)>();
            while (c.TryPoll(out var buffer))
            {
                for (var i = 0; i < buffer.Count; i++) received.Add((buffer.Records[i].Value, buffer.Records[i].Timestamp, buffer.KeyGroups?[i] ?? -1));
            }
            return received;
        }).ToArray();
    }

    [Theory]
    [MemberData(nameof(Partitioners))]
    public void A_batch_reaches_the_same_channels_in_the_same_order_with_the_same_key_groups(string kind)
    {
        var perRecord = Emit(kind, batched: false);
        var batched = Emit(kind, batched: true);
        Assert.Equal(5_000, perRecord.Sum(c => c.Count));
        Assert.Equal(perRecord.Length, batched.Length);
        for (var c = 0; c < perRecord.Length; c++) Assert.Equal(perRecord[c], batched[c]);
    }
}
