using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>Routes side-output records by tag; watermarks go to the main and every side output.</summary>
internal sealed class SideOutputRouter<T>(Output<T> main, IReadOnlyDictionary<string, object> sides, IReadOnlyList<Action<Watermark>> sideWatermarks) : Output<T>
{
    public override void Collect(StreamRecord<T> record) => main.Collect(record);

    public override void CollectBatch(ReadOnlySpan<StreamRecord<T>> records) => main.CollectBatch(records);

    public override void CollectValues(ReadOnlySpan<T> values) => main.CollectValues(values);

    public override void EmitWatermark(Watermark watermark)
    {
        main.EmitWatermark(watermark);
        foreach (var w in sideWatermarks) w(watermark);
    }

    public override void EmitWatermarkStatus(WatermarkStatus status) => main.EmitWatermarkStatus(status);

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
        if (sides.TryGetValue(tag.Id, out var o)) ((Output<TSide>)o).Collect(record);
    }
}
