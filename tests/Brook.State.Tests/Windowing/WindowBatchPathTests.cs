using Brook.Core.Hashing;
using Brook.Runtime.State;
using Brook.State.Tests.Harness;
using Brook.Streaming.Functions;
using Brook.Streaming.Graph;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Windowing;
using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.State.Tests.Windowing;

/// <summary>
/// The window operator's batch entry (a keyBy buffer with its key groups) against the same records one by one: the same
/// window results in the same order, the same late records on the side output or counted as dropped, and the same
/// keyed state and timers in snapshots, for batches that span windows, panes and key groups.
/// </summary>
public sealed class WindowBatchPathTests
{
    private const int MaxParallelism = 128;

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void Tumbling_reduce_in_batches_equals_record_by_record_with_late_records_on_the_side_output()
    {
        var late = new OutputTag<(string Key, long Value)>("late");
        AssertBatchesEqualRecords(() => WindowTestOperators.Sum(TumblingEventTimeWindows.Of(Second), lateTag: late), seed: 1, late);
    }

    [Fact]
    public void Tumbling_reduce_in_batches_counts_the_same_dropped_late_records()
    {
        var (batched, single) = AssertBatchesEqualRecords(() => WindowTestOperators.Sum(TumblingEventTimeWindows.Of(Second)), seed: 2, late: null);
        Assert.True(single.NumLateRecordsDropped > 0, "the stream has late records");
        Assert.Equal(single.NumLateRecordsDropped, batched.NumLateRecordsDropped);
    }

    [Fact]
    public void Sliding_aggregate_in_batches_equals_record_by_record()
    {
        AssertBatchesEqualRecords(() => WindowTestOperators.Average(SlidingEventTimeWindows.Of(TimeSpan.FromSeconds(3), Second)), seed: 3, late: null);
    }

    [Fact]
    public void Sliding_windows_whose_size_is_not_a_multiple_of_the_slide_in_batches_equal_record_by_record()
    {
        AssertBatchesEqualRecords(() => WindowTestOperators.Average(SlidingEventTimeWindows.Of(TimeSpan.FromMilliseconds(2_500), Second)), seed: 4, late: null);
    }

    [Fact]
    public void Listing_contents_in_batches_equal_record_by_record()
    {
        AssertBatchesEqualRecords(() => WindowTestOperators.Process(TumblingEventTimeWindows.Of(Second), new SumOfWindow()), seed: 5, late: null);
    }

    [Fact]
    public void A_batch_whose_windows_are_all_late_sends_every_late_record_in_order()
    {
        var late = new OutputTag<(string Key, long Value)>("late");
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(TumblingEventTimeWindows.Of(Second), lateTag: late));
        Batch(h, [(("a", 1L), 100), (("b", 2L), 1_100)]);
        h.Watermark(999);
        Assert.Equal([("a", 1L)], h.Values);
        // One buffer: a late run, a live run in the next window, then late again.
        Batch(h, [(("c", 4L), 500), (("a", 8L), 999), (("b", 16L), 1_200), (("d", 32L), 0)]);
        Assert.Equal([("c", 4L), ("a", 8L), ("d", 32L)], h.Output.Side(late));
        h.Watermark(1_999);
        Assert.Equal([("a", 1L), ("b", 18L)], h.Values);
    }

    [Fact]
    public void A_record_without_a_timestamp_in_a_batch_fails_as_it_does_alone()
    {
        var h = new OperatorHarness<(string Key, long Value)>(WindowTestOperators.Sum(TumblingEventTimeWindows.Of(Second)));
        var error = Assert.Throws<InvalidOperationException>(() => Batch(h, [(("a", 1L), 100), (("b", 2L), StreamRecord.NoTimestamp)]));
        Assert.Contains("no timestamp", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs one random stream (keys over many key groups, timestamps mostly rising with some disorder, watermarks
    /// between buffers, some records behind the watermark) through two operators: one buffer at a time through the batch
    /// entry, and record by record; compares outputs, late records and keyed-state snapshots along the way.
    /// </summary>
    private static (WindowOperator<string, (string Key, long Value), TOut, TWindow> Batched, WindowOperator<string, (string Key, long Value), TOut, TWindow> Single)
        AssertBatchesEqualRecords<TOut, TWindow>(Func<WindowOperator<string, (string Key, long Value), TOut, TWindow>> create, int seed, OutputTag<(string Key, long Value)>? late)
        where TWindow : Window
    {
        var batchedBackend = new CapturingBackend();
        var singleBackend = new CapturingBackend();
        var batched = create();
        var single = create();
        var hb = new OperatorHarness<TOut>(batched, maxParallelism: MaxParallelism, stateBackend: batchedBackend.With);
        var hs = new OperatorHarness<TOut>(single, maxParallelism: MaxParallelism, stateBackend: singleBackend.With);
        var random = new Random(seed);
        var time = 0L;
        var watermark = long.MinValue;
        var lateRecords = 0;
        for (var buffer = 0; buffer < 60; buffer++)
        {
            var records = new List<((string Key, long Value) Value, long Timestamp)>();
            var size = random.Next(1, 300);
            for (var i = 0; i < size; i++)
            {
                time += random.Next(0, 40);
                // Some records behind the watermark (late), some a little out of order.
                var ts = random.Next(20) == 0 && watermark > 0 ? watermark - random.Next(0, 2_000) : time - random.Next(0, 300);
                if (ts <= watermark) lateRecords++;
                records.Add((("k" + random.Next(200), random.Next(1, 100)), ts));
            }
            Batch(hb, records);
            foreach (var (value, ts) in records)
                ((IKeyGroupedInput<(string Key, long Value)>)single).ProcessElement(new StreamRecord<(string Key, long Value)>(value, ts), KeyGroupOf(value.Key));
            if (buffer % 7 == 3) Assert.Equal(singleBackend.Snapshot(), batchedBackend.Snapshot());
            if (random.Next(3) == 0)
            {
                watermark = time - 500;
                hb.Watermark(watermark);
                hs.Watermark(watermark);
            }
            Assert.Equal(hs.Output.Records, hb.Output.Records);
        }
        Assert.True(lateRecords > 0, "the stream has late records");
        Assert.Equal(singleBackend.Snapshot(), batchedBackend.Snapshot());
        hb.Watermark(long.MaxValue);
        hs.Watermark(long.MaxValue);
        Assert.NotEmpty(hs.Output.Records);
        Assert.Equal(hs.Output.Records, hb.Output.Records);
        if (late is not null)
        {
            Assert.NotEmpty(hs.Output.Side(late));
            Assert.Equal(hs.Output.Side(late), hb.Output.Side(late));
        }
        Assert.Equal(single.NumLateRecordsDropped, batched.NumLateRecordsDropped);
        return (batched, single);
    }

    private static void Batch<TOut>(OperatorHarness<TOut> h, IReadOnlyList<((string Key, long Value) Value, long Timestamp)> records)
    {
        var stream = records.Select(r => new StreamRecord<(string Key, long Value)>(r.Value, r.Timestamp)).ToArray();
        var keyGroups = records.Select(r => KeyGroupOf(r.Value.Key)).ToArray();
        ((IKeyGroupedBatchInput<(string Key, long Value)>)h.Operator).ProcessBatch(stream, keyGroups);
    }

    private static int KeyGroupOf(string key) => KeyGroupRangeAssignment.AssignToKeyGroup(KeyHasher<string>.Hash(key), MaxParallelism);

    private sealed class SumOfWindow : ProcessWindowFunction<(string Key, long Value), (string Key, long Value), string, TimeWindow>
    {
        public override void Process(string key, Context context, IEnumerable<(string Key, long Value)> elements, ICollector<(string Key, long Value)> output) =>
            output.Collect((key, elements.Sum(e => e.Value)));
    }
}
