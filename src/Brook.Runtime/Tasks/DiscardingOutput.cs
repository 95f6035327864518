using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>An operator without consumers of its main output (sinks, unused results): records are dropped.</summary>
internal sealed class DiscardingOutput<T> : Output<T>
{
    public override void Collect(StreamRecord<T> record)
    {
    }

    public override void EmitWatermark(Watermark watermark)
    {
    }

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}
