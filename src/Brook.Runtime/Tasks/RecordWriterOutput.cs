using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>The end of a chain: records go to a result partition through a record writer.</summary>
internal sealed class RecordWriterOutput<T>(RecordWriter<T> writer) : Output<T>
{
    public override void Collect(StreamRecord<T> record) => writer.Emit(record);

    public override void EmitWatermark(Watermark watermark) => writer.BroadcastWatermark(watermark);

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}
