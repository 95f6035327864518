using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>The end of a chain: records go to a result partition through a record writer.</summary>
internal sealed class RecordWriterOutput<T>(RecordWriter<T> writer) : Output<T>
{
    public override void Collect(StreamRecord<T> record) => writer.Emit(record);

    public override void CollectBatch(ReadOnlySpan<StreamRecord<T>> records) => writer.EmitBatch(records);

    public override void CollectValues(ReadOnlySpan<T> values) => writer.EmitValues(values);

    public override void EmitWatermark(Watermark watermark) => writer.BroadcastWatermark(watermark);

    public override void EmitWatermarkStatus(WatermarkStatus status) => writer.BroadcastWatermarkStatus(status);

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}
