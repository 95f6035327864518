using Brook.Core.Hashing;
using Brook.Runtime.Network;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tests;

/// <summary>
/// The source side of keyBy takes runs of values (and of records) by fast paths (key groups of a whole run with vector murmur, each
/// channel's share by its key-group range, compressed with AVX-512 where the values allow): on random input they must put
/// every value in the channel, at the position and with the key group that emitting it alone (the general path) does.
/// </summary>
public sealed class KeyByRunFastPathTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(128)]
    [InlineData(1000)]
    [InlineData(32768)]
    public void Key_groups_of_a_run_equal_key_group_range_assignment_of_each_hash(int maxParallelism)
    {
        var random = new Random(maxParallelism);
        // -2089875627 is the one code whose murmur hash is int.MinValue before its absolute value (murmur inverted step by
        // step), which Flink maps to 0; it sits inside a vector of eight.
        int[] edges = [int.MinValue, int.MaxValue, 0, -1, 1, -2089875627, int.MinValue + 1, 5];
        var hashes = edges.Concat(Enumerable.Range(0, 1_003).Select(_ => random.Next(int.MinValue, int.MaxValue))).ToArray();
        Assert.Equal(0, StableHash.Murmur(-2089875627));
        var keyGroups = hashes.ToArray();
        new KeyGroupComputer(maxParallelism).KeyGroups(keyGroups);
        Assert.Equal(hashes.Select(h => KeyGroupRangeAssignment.AssignToKeyGroup(h, maxParallelism)), keyGroups);
    }

    /// <summary>Value types with 8-byte values (compressed), others, reference-type values and keys; one to nine channels; compressing on and off.</summary>
    public static TheoryData<string, int, int, bool> Cases()
    {
        var data = new TheoryData<string, int, int, bool>();
        foreach (var type in new[] { "long", "double", "int", "string", "long-by-string", "records", "string-records" })
        foreach (var channels in new[] { 1, 2, 3, 5, 8, 9 })
        foreach (var maxParallelism in new[] { 128, 100 })
        foreach (var compress in new[] { true, false })
            data.Add(type, channels, maxParallelism, compress);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_run_lands_where_emitting_each_record_alone_puts_it(string type, int channels, int maxParallelism, bool compress)
    {
        var random = new Random(HashCode.Combine(type, channels, maxParallelism));
        var longs = Enumerable.Range(0, Records).Select(_ => random.NextInt64(-1_000_000_000_000, 1_000_000_000_000)).ToArray();
        switch (type)
        {
            case "long":
                Check(longs, v => v % 1_000, channels, maxParallelism, compress, random);
                break;
            case "records":
                Check(longs, v => v % 1_000, channels, maxParallelism, compress, random, withTimestamps: true);
                break;
            case "string-records":
                Check(longs.Select(v => "v" + v).ToArray(), s => s[..4], channels, maxParallelism, compress, random, withTimestamps: true);
                break;
            case "double":
                Check(longs.Select(v => v / 1e9).ToArray(), d => Math.Round(d, 1), channels, maxParallelism, compress, random);
                break;
            case "int":
                Check(longs.Select(v => (int)v).ToArray(), i => i % 97, channels, maxParallelism, compress, random);
                break;
            case "string":
                Check(longs.Select(v => "v" + v).ToArray(), s => s[..4], channels, maxParallelism, compress, random);
                break;
            default:
                Check(longs, v => "k" + v % 300, channels, maxParallelism, compress, random);
                break;
        }
    }

    private const int Records = 6_000;

    private static void Check<T, TKey>(T[] values, Func<T, TKey> key, int channels, int maxParallelism, bool compress, Random random,
        bool withTimestamps = false)
    {
        var partitioner = new KeyGroupStreamPartitioner<T, TKey>(key, maxParallelism);
        // Runs of random length, shorter and longer than a buffer (64 records); now and then a record with a timestamp
        // alone, so a channel's buffer holds records when the next run comes.
        var runs = new List<(int Start, int Length, bool Alone)>();
        for (var at = 0; at < values.Length;)
        {
            var alone = random.Next(10) == 0;
            var length = alone ? 1 : Math.Min(values.Length - at, random.Next(1, 600));
            runs.Add((at, length, alone));
            at += length;
        }
        var general = Emit(values, partitioner, channels, runs, compress, withTimestamps, general: true);
        var fast = Emit(values, partitioner, channels, runs, compress, withTimestamps, general: false);
        Assert.Equal(values.Length, general.Sum(c => c.Count));
        for (var c = 0; c < channels; c++)
        {
            Assert.Equal(general[c], fast[c]);
            // And the general path is Flink's arithmetic: the key group of the key's stable hash, owned by this channel.
            foreach (var (value, _, keyGroup) in general[c])
            {
                Assert.Equal(KeyGroupRangeAssignment.AssignToKeyGroup(KeyHasher<TKey>.Hash(key(value)), maxParallelism), keyGroup);
                Assert.Equal(c, KeyGroupRangeAssignment.OperatorIndexForKeyGroup(maxParallelism, channels, keyGroup));
            }
        }
    }

    private static List<(T Value, long Timestamp, int KeyGroup)>[] Emit<T>(T[] values, StreamPartitioner partitioner, int count,
        List<(int Start, int Length, bool Alone)> runs, bool compress, bool withTimestamps, bool general)
    {
        var channels = Enumerable.Range(0, count).Select(_ => new LocalInputChannel<T>(10_000, 64)).ToArray();
        var writer = new RecordWriter<T>(channels, partitioner, 0, count, false, new Metrics.TaskMetrics(TimeProvider.System),
            CancellationToken.None, TimeProvider.System) { CompressKeyGroupRanges = compress };
        foreach (var (start, length, alone) in runs)
        {
            // A record with a timestamp alone, or one without among runs of records with timestamps.
            if (alone) writer.Emit(withTimestamps ? new StreamRecord<T>(values[start]) : new StreamRecord<T>(values[start], start));
            else if (withTimestamps)
            {
                var records = Enumerable.Range(start, length).Select(i => new StreamRecord<T>(values[i], i * 3L)).ToArray();
                if (general) foreach (var r in records) writer.Emit(r);
                else writer.EmitBatch(records);
            }
            else if (general) foreach (var v in values.AsSpan(start, length)) writer.Emit(new StreamRecord<T>(v));
            else writer.EmitValues(values.AsSpan(start, length));
        }
        writer.FlushAll();
        return channels.Select(c =>
        {
            var received = new List<(T, long, int)>();
            while (c.TryPoll(out var buffer))
            {
                for (var i = 0; i < buffer.Count; i++) received.Add((buffer.RecordAt(i).Value, buffer.RecordAt(i).Timestamp, buffer.KeyGroups![i]));
            }
            return received;
        }).ToArray();
    }

    [Fact]
    public void A_run_without_records_for_a_full_channel_does_not_wait_on_it()
    {
        // Channel 0 holds one buffer and has no room for another; an unaligned barrier seals its partly filled buffer,
        // which must go before anything else on it. A run whose keys all belong to channel 1 must not wait for channel 0.
        long[] KeysOf(int channel) => Enumerable.Range(0, 1_000).Select(i => (long)i)
            .Where(v => KeyGroupRangeAssignment.OperatorIndexForKeyHash(StableHash.Of(v), 128, 2) == channel).ToArray();
        var channels = new[] { new LocalInputChannel<long>(1, 4), new LocalInputChannel<long>(100, 4) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var writer = new RecordWriter<long>(channels, new KeyGroupStreamPartitioner<long, long>(v => v, 128), 0, 2, false,
            new Metrics.TaskMetrics(TimeProvider.System), cancel.Token, TimeProvider.System);
        writer.EmitValues(KeysOf(0).Take(5).ToArray());
        writer.BroadcastBarrier(new Checkpointing.CheckpointBarrier(1, 0) { AlignedTimeoutMillis = 0 });
        writer.EmitValues(KeysOf(1).Take(20).ToArray());
        Assert.Equal(1, channels[0].QueuedBuffers);
        Assert.Equal(5, channels[1].QueuedBuffers);
    }

    [Fact]
    public void The_compressing_copy_keeps_what_the_scalar_copy_keeps()
    {
        CompressingCopyKeepsWhatTheScalarCopyKeeps(random => random.NextInt64());
        // Records of a long and a timestamp: 16 bytes, four to a vector.
        CompressingCopyKeepsWhatTheScalarCopyKeeps(random => new StreamRecord<long>(random.NextInt64(), random.NextInt64()));
    }

    private static void CompressingCopyKeepsWhatTheScalarCopyKeeps<T>(Func<Random, T> next)
    {
        var random = new Random(12);
        for (var round = 0; round < 200; round++)
        {
            var length = random.Next(0, 300);
            var values = Enumerable.Range(0, length).Select(_ => next(random)).ToArray();
            var keyGroups = Enumerable.Range(0, length).Select(_ => random.Next(0, 100)).ToArray();
            var first = random.Next(0, 100);
            var width = random.Next(1, 101 - first);
            var from = random.Next(0, length + 1);
            var capacity = random.Next(1, 200);
            var start = random.Next(0, capacity);
            (T[] Values, int[] Groups, int Count, int Stop) Run(bool compress)
            {
                var target = new T[capacity];
                var groups = new int[capacity];
                var count = start;
                var stop = KeyGroupRangeCopy.Copy<T>(values, keyGroups, from, first, width, target, groups, ref count, compress);
                return (target[..count], groups[..count], count, stop);
            }
            var scalar = Run(compress: false);
            var compressed = Run(compress: true);
            Assert.Equal(scalar.Count, compressed.Count);
            Assert.Equal(scalar.Stop, compressed.Stop);
            Assert.Equal(scalar.Values[start..], compressed.Values[start..]);
            Assert.Equal(scalar.Groups[start..], compressed.Groups[start..]);
            // The scalar copy itself keeps exactly the run's values of the range, in order, until the target is full.
            var expected = Enumerable.Range(from, scalar.Stop - from).Where(i => keyGroups[i] >= first && keyGroups[i] < first + width).ToArray();
            Assert.Equal(expected.Select(i => values[i]), scalar.Values[start..]);
            Assert.True(scalar.Stop == length || scalar.Count == capacity);
        }
    }
}
