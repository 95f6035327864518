using Brook.Streaming.Operators;

namespace Brook.State.Tests.Harness;

internal sealed class CollectingOutput<T> : Output<T>
{
    public List<StreamRecord<T>> Records { get; } = [];
    public List<long> Watermarks { get; } = [];
    public Dictionary<string, List<object?>> SideOutputs { get; } = [];

    public override void Collect(StreamRecord<T> record) => Records.Add(record);

    public override void EmitWatermark(Watermark watermark) => Watermarks.Add(watermark.Timestamp);

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
        if (!SideOutputs.TryGetValue(tag.Id, out var list)) SideOutputs[tag.Id] = list = [];
        list.Add(record.Value);
    }

    public List<TSide> Side<TSide>(OutputTag<TSide> tag) => SideOutputs.TryGetValue(tag.Id, out var list) ? list.Cast<TSide>().ToList() : [];
}
