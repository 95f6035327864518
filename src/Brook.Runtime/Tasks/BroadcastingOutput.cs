using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>An operator with several consumers of its main output.</summary>
internal sealed class BroadcastingOutput<T>(Output<T>[] outputs) : Output<T>
{
    public override void Collect(StreamRecord<T> record)
    {
        foreach (var o in outputs) o.Collect(record);
    }

    public override void CollectBatch(ReadOnlySpan<StreamRecord<T>> records)
    {
        foreach (var o in outputs) o.CollectBatch(records);
    }

    public override void CollectValues(ReadOnlySpan<T> values)
    {
        foreach (var o in outputs) o.CollectValues(values);
    }

    public override void EmitWatermark(Watermark watermark)
    {
        foreach (var o in outputs) o.EmitWatermark(watermark);
    }

    public override void EmitWatermarkStatus(WatermarkStatus status)
    {
        foreach (var o in outputs) o.EmitWatermarkStatus(status);
    }

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}
