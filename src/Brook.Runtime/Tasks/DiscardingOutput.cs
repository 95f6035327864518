using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>An operator without consumers of its main output (sinks, unused results): records are dropped.</summary>
internal sealed class DiscardingOutput<T>(Metrics.TaskMetrics metrics) : Output<T>
{
    public override void Collect(StreamRecord<T> record)
    {
    }

    public override void CollectBatch(ReadOnlySpan<StreamRecord<T>> records)
    {
    }

    public override void CollectValues(ReadOnlySpan<T> values)
    {
    }

    /// <summary>The tail of a sink task: its watermark is the task's output watermark.</summary>
    public override void EmitWatermark(Watermark watermark) => Volatile.Write(ref metrics.CurrentOutputWatermark, watermark.Timestamp);

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}
