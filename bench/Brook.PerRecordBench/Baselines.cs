using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Dataflow;

namespace Brook.PerRecordBench;

/// <summary>
/// What a .NET developer would write instead of a Brook job, for the same input (the longs 0..n-1, key = value mod
/// keys, two producers each owning half the range, as Brook's two source subtasks) and the same output.
/// </summary>
internal static class Baselines
{
    public const int Partitions = 2;
    public const int BatchSize = 1024;

    /// <summary>Records handed between blocks in arrays of up to <see cref="BatchSize"/>, rented from the shared pool.</summary>
    private sealed record Batch(long[] Values, int Count, int Producer, long Watermark);

    /// <summary>The keyed rolling sum on one thread: a dictionary of running sums, the last emitted sum per key.</summary>
    public static long[] HandLoopSum(long n, int keys)
    {
        var sums = new Dictionary<long, long>();
        var last = new long[keys];
        for (long i = 0; i < n; i++)
        {
            var key = i % keys;
            ref var s = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
            s += i;
            last[key] = s;
        }
        return last;
    }

    /// <summary>
    /// The keyed rolling sum in TPL Dataflow, batched by hand: each producer partitions by key into one buffer of
    /// 1024 records per partition and sends the full buffer to that partition's block (bounded, so producers wait).
    /// </summary>
    public static long[] BatchedDataflowSum(long n, int keys)
    {
        var last = new long[keys];
        var blocks = new ActionBlock<Batch>[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            var sums = new Dictionary<long, long>();
            blocks[p] = new ActionBlock<Batch>(batch =>
            {
                var values = batch.Values;
                for (var i = 0; i < batch.Count; i++)
                {
                    var v = values[i];
                    var key = v % keys;
                    ref var s = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
                    s += v;
                    last[key] = s;
                }
                ArrayPool<long>.Shared.Return(values);
            }, new ExecutionDataflowBlockOptions { BoundedCapacity = 8, SingleProducerConstrained = false });
        }
        RunProducers(n, keys, blocks, watermarkOf: null);
        return last;
    }

    /// <summary>The keyed rolling sum in TPL Dataflow, one record per message (the idiomatic way), partitioned by key.</summary>
    public static long[] PerRecordDataflowSum(long n, int keys)
    {
        var last = new long[keys];
        var blocks = new ActionBlock<long>[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            var sums = new Dictionary<long, long>();
            blocks[p] = new ActionBlock<long>(v =>
            {
                var key = v % keys;
                ref var s = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, key, out _);
                s += v;
                last[key] = s;
            }, new ExecutionDataflowBlockOptions { BoundedCapacity = 10_000 });
        }
        var producers = new Task[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            var (from, to) = Range(n, p);
            producers[p] = Task.Run(async () =>
            {
                for (var i = from; i < to; i++)
                {
                    var block = blocks[(int)(i % keys % Partitions)];
                    if (!block.Post(i)) await block.SendAsync(i);
                }
            });
        }
        Task.WaitAll(producers);
        foreach (var b in blocks) b.Complete();
        Task.WaitAll(blocks.Select(b => b.Completion).ToArray());
        return last;
    }

    /// <summary>The tumbling event-time window count on one thread (timestamps only increase, so a window fires when the next starts).</summary>
    public static (long Windows, long Checksum) HandLoopWindowCount(long n, int keys, long timestampDivisor, long windowSize)
    {
        var state = new WindowCounts(windowSize, producers: 1);
        for (long i = 0; i < n; i++) state.Add(i % keys, i / timestampDivisor);
        state.FireAll();
        return (state.Windows, state.Checksum);
    }

    /// <summary>
    /// The tumbling event-time window count in TPL Dataflow, batched by hand as <see cref="BatchedDataflowSum"/>: each
    /// batch carries its producer's watermark; a partition fires the windows that end at or before the smallest watermark.
    /// </summary>
    public static (long Windows, long Checksum) BatchedDataflowWindowCount(long n, int keys, long timestampDivisor, long windowSize)
    {
        var blocks = new ActionBlock<Batch>[Partitions];
        var states = new WindowCounts[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            var state = states[p] = new WindowCounts(windowSize, Partitions);
            blocks[p] = new ActionBlock<Batch>(batch =>
            {
                var values = batch.Values;
                for (var i = 0; i < batch.Count; i++)
                {
                    var v = values[i];
                    state.Add(v % keys, v / timestampDivisor);
                }
                ArrayPool<long>.Shared.Return(values);
                state.AdvanceWatermark(batch.Producer, batch.Watermark);
            }, new ExecutionDataflowBlockOptions { BoundedCapacity = 8 });
        }
        RunProducers(n, keys, blocks, v => v / timestampDivisor - 1);
        long windows = 0, checksum = 0;
        foreach (var s in states)
        {
            s.FireAll();
            windows += s.Windows;
            checksum += s.Checksum;
        }
        return (windows, checksum);
    }

    private static (long From, long To) Range(long n, int producer) => (n * producer / Partitions, n * (producer + 1) / Partitions);

    private static void RunProducers(long n, int keys, ActionBlock<Batch>[] blocks, Func<long, long>? watermarkOf)
    {
        var producers = new Task[Partitions];
        for (var p = 0; p < Partitions; p++)
        {
            var producer = p;
            var (from, to) = Range(n, p);
            producers[p] = Task.Run(async () =>
            {
                var buffers = new long[Partitions][];
                var counts = new int[Partitions];
                for (var q = 0; q < Partitions; q++) buffers[q] = ArrayPool<long>.Shared.Rent(BatchSize);
                for (var i = from; i < to; i++)
                {
                    var q = (int)(i % keys % Partitions);
                    buffers[q][counts[q]++] = i;
                    if (counts[q] == BatchSize)
                    {
                        await blocks[q].SendAsync(new Batch(buffers[q], BatchSize, producer, watermarkOf?.Invoke(i) ?? 0));
                        buffers[q] = ArrayPool<long>.Shared.Rent(BatchSize);
                        counts[q] = 0;
                    }
                }
                for (var q = 0; q < Partitions; q++)
                    await blocks[q].SendAsync(new Batch(buffers[q], counts[q], producer, long.MaxValue));
            });
        }
        Task.WaitAll(producers);
        foreach (var b in blocks) b.Complete();
        Task.WaitAll(blocks.Select(b => b.Completion).ToArray());
    }

    /// <summary>Counts per (window, key) for one partition, firing windows as the smallest producer watermark passes their end.</summary>
    private sealed class WindowCounts(long windowSize, int producers)
    {
        private readonly Dictionary<long, Dictionary<long, long>> _windows = new();
        private readonly long[] _watermarks = Enumerable.Repeat(long.MinValue, producers).ToArray();
        private long _lastStart = long.MinValue;
        private Dictionary<long, long>? _last;

        public long Windows { get; private set; }

        public long Checksum { get; private set; }

        public void Add(long key, long timestamp)
        {
            var start = timestamp - timestamp % windowSize;
            if (start != _lastStart || _last is null)
            {
                if (!_windows.TryGetValue(start, out _last)) _windows[start] = _last = new Dictionary<long, long>();
                _lastStart = start;
            }
            CollectionsMarshal.GetValueRefOrAddDefault(_last, key, out _)++;
            if (producers == 1 && _windows.Count > 1) FireUpTo(start - 1);
        }

        public void AdvanceWatermark(int producer, long watermark)
        {
            _watermarks[producer] = Math.Max(_watermarks[producer], watermark);
            FireUpTo(_watermarks.Min());
        }

        public void FireAll() => FireUpTo(long.MaxValue);

        private void FireUpTo(long watermark)
        {
            foreach (var start in _windows.Keys.Where(s => s + windowSize - 1 <= watermark).ToList())
            {
                foreach (var (key, count) in _windows[start])
                {
                    Windows++;
                    Checksum += WindowChecksum.Of(key, start, count);
                }
                _windows.Remove(start);
                if (start == _lastStart) _last = null;
            }
        }
    }
}
