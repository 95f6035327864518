using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests;

/// <summary>
/// A run of records (or of values without timestamps) handed to the record writer at once must land exactly where, and
/// in the order, record-by-record emission puts them, with the same timestamps and key groups.
/// </summary>
public sealed class BatchEmitTests
{
    /// <summary>keyBy over 3 channels (one pass per channel), over 6 (record by record), forward and rebalance.</summary>
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "keyBy", "keyBy-wide", "forward", "rebalance" })
        foreach (var input in new[] { "records", "values", "mixed" })
            data.Add(kind, input);
        return data;
    }

    private static StreamPartitioner Partitioner(string kind) => kind switch
    {
        "keyBy" or "keyBy-wide" => new KeyGroupStreamPartitioner<long, long>(v => v % 37, 128),
        "forward" => StreamPartitioner.Forward,
        _ => StreamPartitioner.Rebalance,
    };

    private const int Records = 5_000;

    /// <summary>
    /// Runs of uneven length, longer and shorter than a buffer (64 records), so runs cross buffer boundaries. With
    /// "values" every run is values without timestamps; with "mixed" runs alternate between values and records with
    /// timestamps, and some records without timestamps come one at a time, so buffers change layout mid-way.
    /// </summary>
    private static List<(int Start, int Length, bool AsValues)> Runs(string input)
    {
        var runs = new List<(int, int, bool)>();
        var at = 0;
        var k = 0;
        for (var run = 1; at < Records; run = run * 3 % 301 + 1, k++)
        {
            var n = Math.Min(run, Records - at);
            runs.Add((at, n, input == "values" || (input == "mixed" && k % 2 == 0)));
            at += n;
        }
        return runs;
    }

    private static List<(long Value, long Timestamp, int KeyGroup)>[] Emit(string kind, string input, bool batched)
    {
        // Forward needs as many channels as producers: one of each; the others spread over three (or six) channels.
        var count = kind switch { "forward" => 1, "keyBy-wide" => 6, _ => 3 };
        var channels = Enumerable.Range(0, count).Select(_ => new Network.LocalInputChannel<long>(1_000, 64)).ToArray();
        var writer = new Network.RecordWriter<long>(channels, Partitioner(kind), 0, count, false, new Metrics.TaskMetrics(TimeProvider.System),
            CancellationToken.None, TimeProvider.System);
        foreach (var (start, length, asValues) in Runs(input))
        {
            var values = Enumerable.Range(start, length).Select(i => i * 7L).ToArray();
            var records = Enumerable.Range(start, length).Select(i => asValues ? new StreamRecord<long>(i * 7L) : new StreamRecord<long>(i * 7L, i)).ToArray();
            if (!batched)
            {
                foreach (var r in records) writer.Emit(r);
            }
            else if (!asValues)
            {
                writer.EmitBatch(records);
            }
            else if (input == "mixed" && length % 3 == 0)
            {
                // Records without timestamps, one at a time, into what may be a values-only buffer.
                foreach (var r in records) writer.Emit(r);
            }
            else
            {
                writer.EmitValues(values);
            }
        }
        writer.FlushAll();
        return channels.Select(c =>
        {
            var received = new List<(long, long, int)>();
            while (c.TryPoll(out var buffer))
            {
                // A values-only buffer holds no timestamps: only values without one may go into it.
                if (buffer.ValuesOnly) Assert.All(Enumerable.Range(0, buffer.Count), i => Assert.False(buffer.RecordAt(i).HasTimestamp));
                for (var i = 0; i < buffer.Count; i++) received.Add((buffer.RecordAt(i).Value, buffer.RecordAt(i).Timestamp, buffer.KeyGroups?[i] ?? -1));
            }
            return received;
        }).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_batch_reaches_the_same_channels_in_the_same_order_with_the_same_key_groups(string kind, string input)
    {
        var perRecord = Emit(kind, input, batched: false);
        var batched = Emit(kind, input, batched: true);
        Assert.Equal(Records, perRecord.Sum(c => c.Count));
        Assert.Equal(perRecord.Length, batched.Length);
        for (var c = 0; c < perRecord.Length; c++) Assert.Equal(perRecord[c], batched[c]);
    }

    [Fact]
    public void Values_without_timestamps_travel_in_values_only_buffers()
    {
        var channels = Enumerable.Range(0, 2).Select(_ => new Network.LocalInputChannel<long>(1_000, 64)).ToArray();
        var writer = new Network.RecordWriter<long>(channels, Partitioner("keyBy"), 0, 2, false, new Metrics.TaskMetrics(TimeProvider.System),
            CancellationToken.None, TimeProvider.System);
        writer.EmitValues(Enumerable.Range(0, 1_000).Select(i => (long)i).ToArray());
        writer.FlushAll();
        var buffers = channels.SelectMany(c => Enumerable.Range(0, c.QueuedBuffers).Select(_ => c.TryPoll(out var b) ? b : null!)).ToList();
        Assert.Equal(1_000, buffers.Sum(b => b.Count));
        Assert.All(buffers, b => Assert.True(b.ValuesOnly));
    }
}
