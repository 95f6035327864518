using Brook.Runtime.Metrics;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>
/// Flink's CountingOutput: counts the records an operator emits on one output and, on a chained edge, the records the
/// next operator receives; watermarks passing set both operators' watermark gauges. Installed only while the metric
/// system is on.
/// </summary>
internal class CountingOutput<T>(Output<T> inner, OperatorIOMetrics producer, OperatorIOMetrics? consumer) : Output<T>
{
    protected OperatorIOMetrics Producer => producer;

    private readonly OperatorIOMetrics _consumer = consumer ?? new OperatorIOMetrics();

    public override void Collect(StreamRecord<T> record)
    {
        producer.NumRecordsOut++;
        _consumer.NumRecordsIn++;
        inner.Collect(record);
    }

    public override void CollectBatch(ReadOnlySpan<StreamRecord<T>> records)
    {
        producer.NumRecordsOut += records.Length;
        _consumer.NumRecordsIn += records.Length;
        inner.CollectBatch(records);
    }

    public override void CollectValues(ReadOnlySpan<T> values)
    {
        producer.NumRecordsOut += values.Length;
        _consumer.NumRecordsIn += values.Length;
        inner.CollectValues(values);
    }

    public override void EmitWatermark(Watermark watermark)
    {
        Volatile.Write(ref producer.CurrentOutputWatermark, watermark.Timestamp);
        Volatile.Write(ref _consumer.CurrentInputWatermark, watermark.Timestamp);
        inner.EmitWatermark(watermark);
    }

    public override void EmitWatermarkStatus(WatermarkStatus status) => inner.EmitWatermarkStatus(status);

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
        producer.NumRecordsOut++;
        inner.Collect(tag, record);
    }
}

/// <summary>A source's counting output: also keeps the event time of the last record, for currentEmitEventTimeLag.</summary>
internal sealed class SourceCountingOutput<T>(Output<T> inner, OperatorIOMetrics producer, OperatorIOMetrics? consumer)
    : CountingOutput<T>(inner, producer, consumer)
{
    public override void Collect(StreamRecord<T> record)
    {
        Producer.LastEmittedEventTime = record.Timestamp;
        base.Collect(record);
    }

    public override void CollectBatch(ReadOnlySpan<StreamRecord<T>> records)
    {
        if (records.IsEmpty) return;
        Producer.LastEmittedEventTime = records[^1].Timestamp;
        base.CollectBatch(records);
    }

    public override void CollectValues(ReadOnlySpan<T> values)
    {
        if (values.IsEmpty) return;
        Producer.LastEmittedEventTime = StreamRecord.NoTimestamp;
        base.CollectValues(values);
    }
}
