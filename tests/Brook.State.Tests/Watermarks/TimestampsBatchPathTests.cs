using Brook.Core.Hashing;
using Brook.Runtime.State;
using Brook.State.Tests.Harness;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Watermarks;
using Brook.Streaming.Watermarks;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.Watermarks;

/// <summary>
/// The timestamps-and-watermarks operator's batch entries (a run of records, or of values without timestamps from a
/// source) against the same records one by one: the same stamped records, watermarks and idle/active changes, in the
/// same order, after every batch and every periodic emit, for generators that only track the largest timestamp (taken
/// once per batch) and generators that emit on events.
/// </summary>
public sealed class TimestampsBatchPathTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void Bounded_out_of_orderness_records_in_batches_equal_record_by_record()
    {
        AssertBatchesEqualRecords(() => WatermarkStrategy<long>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(50)).WithTimestampAssigner((v, _) => v / 3), seed: 1, values: false);
    }

    [Fact]
    public void Monotonous_values_from_a_source_in_batches_equal_record_by_record()
    {
        AssertBatchesEqualRecords(() => WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner((v, _) => v / 3), seed: 2, values: true);
    }

    [Fact]
    public void Record_timestamps_kept_in_batches_equal_record_by_record()
    {
        AssertBatchesEqualRecords(() => WatermarkStrategy<long>.ForBoundedOutOfOrderness(TimeSpan.FromMilliseconds(20)), seed: 3, values: false);
    }

    [Fact]
    public void A_generator_that_emits_on_events_sends_the_records_before_each_watermark_first()
    {
        AssertBatchesEqualRecords(() => WatermarkStrategy<long>.ForGenerator(_ => new EveryTenth()).WithTimestampAssigner((v, _) => v / 3), seed: 4, values: false);
        AssertBatchesEqualRecords(() => WatermarkStrategy<long>.ForGenerator(_ => new EveryTenth()).WithTimestampAssigner((v, _) => v / 3), seed: 5, values: true);
    }

    [Fact]
    public void With_idleness_the_batches_go_idle_and_active_as_record_by_record()
    {
        AssertBatchesEqualRecords(() => WatermarkStrategy<long>.ForMonotonousTimestamps().WithTimestampAssigner((v, _) => v / 3).WithIdleness(TimeSpan.FromMilliseconds(300)), seed: 6, values: true);
    }

    /// <summary>
    /// One random stream (timestamps mostly rising, some out of order, batches of 1–300 records, processing time moving
    /// on between batches so periodic watermarks and idleness happen in between) through two operators: batches through
    /// ProcessBatch or ProcessValues, and the same records one by one; the two event logs are compared after every step.
    /// </summary>
    private static void AssertBatchesEqualRecords(Func<WatermarkStrategy<long>> strategy, int seed, bool values)
    {
        var batched = new Driven(strategy());
        var single = new Driven(strategy());
        var random = new Random(seed);
        var next = 0L;
        var now = 0L;
        for (var batch = 0; batch < 80; batch++)
        {
            var records = new StreamRecord<long>[random.Next(1, 300)];
            for (var i = 0; i < records.Length; i++)
            {
                next += random.Next(0, 30);
                var value = random.Next(8) == 0 ? Math.Max(0, next - random.Next(0, 400)) : next;
                records[i] = values ? new StreamRecord<long>(value) : new StreamRecord<long>(value, value * 7 - random.Next(0, 100));
            }
            var op = (TimestampsAndWatermarksOperator<long>)batched.Operator;
            if (values) op.ProcessValues(records.Select(r => r.Value).ToArray());
            else op.ProcessBatch(records);
            foreach (var record in records) single.Operator.ProcessElement(record);
            Assert.Equal(single.Output.Events, batched.Output.Events);
            // Sometimes no processing time passes (several batches between periodic emits), sometimes long enough to idle.
            now += random.Next(4) switch { 0 => 0, 1 => 100, 2 => 250, _ => 700 };
            batched.ProcessingTime.AdvanceTo(now);
            single.ProcessingTime.AdvanceTo(now);
            Assert.Equal(single.Output.Events, batched.Output.Events);
        }
        Assert.Contains(single.Output.Events, e => e.StartsWith("wm:", StringComparison.Ordinal));
        Assert.True(single.Output.Events.Count > 1_000, "the stream was stamped and sent");
    }

    /// <summary>An operator set up as a task would, with an output that logs records, watermarks and status changes in order.</summary>
    private sealed class Driven
    {
        public Driven(WatermarkStrategy<long> strategy)
        {
            var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(0));
            ProcessingTime = new ManualProcessingTimeService(time);
            var op = new TimestampsAndWatermarksOperator<long>(strategy, Interval);
            Operator = op;
            op.Setup(new StreamOperatorParameters<long>
            {
                Output = Output,
                RuntimeContext = new TestRuntimeContext(),
                ProcessingTimeService = ProcessingTime,
                OperatorId = "0123456789abcdef0123456789abcdef",
                MaxParallelism = 128,
                KeyGroupRange = new KeyGroupRange(0, 127),
                StateBackend = new HashMapStateBackend(time),
            });
            op.Open();
        }

        public IOneInputStreamOperator<long> Operator { get; }

        public ManualProcessingTimeService ProcessingTime { get; }

        public EventLog Output { get; } = new();
    }

    private sealed class EventLog : Output<long>
    {
        public List<string> Events { get; } = [];

        public override void Collect(StreamRecord<long> record) => Events.Add($"{record.Value}@{record.Timestamp}");

        public override void EmitWatermark(Watermark watermark) => Events.Add("wm:" + watermark.Timestamp);

        public override void EmitWatermarkStatus(WatermarkStatus status) => Events.Add("status:" + status);

        public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record) => Events.Add("side");
    }

    /// <summary>Punctuated: a watermark at every tenth event's timestamp, and periodically none.</summary>
    private sealed class EveryTenth : IWatermarkGenerator<long>
    {
        private int _events;

        public void OnEvent(long @event, long eventTimestamp, IWatermarkOutput output)
        {
            if (++_events % 10 == 0) output.EmitWatermark(eventTimestamp);
        }

        public void OnPeriodicEmit(IWatermarkOutput output)
        {
        }
    }
}
