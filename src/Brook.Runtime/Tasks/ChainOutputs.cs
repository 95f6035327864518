using Brook.Runtime.Network;
using Brook.Streaming.Operators;

namespace Brook.Runtime.Tasks;

/// <summary>
/// Passes records to the next operator of the chain by a direct call. The call goes through a delegate
/// bound to the operator's ProcessElement: one indirect call, where an interface call from this shared
/// site (every chained operator of a type goes through it) would need a polymorphic dispatch stub.
/// </summary>
internal sealed class ChainingOutput<T>(IOneInputStreamOperator<T> next) : Output<T>
{
    private readonly Action<StreamRecord<T>> _process = next.ProcessElement;

    public override void Collect(StreamRecord<T> record) => _process(record);

    public override void EmitWatermark(Watermark watermark) => next.ProcessWatermark(watermark);

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}

/// <summary>The end of a chain: records go to a result partition through a record writer.</summary>
internal sealed class RecordWriterOutput<T>(RecordWriter<T> writer) : Output<T>
{
    public override void Collect(StreamRecord<T> record) => writer.Emit(record);

    public override void EmitWatermark(Watermark watermark) => writer.BroadcastWatermark(watermark);

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}

/// <summary>An operator with several consumers of its main output.</summary>
internal sealed class BroadcastingOutput<T>(Output<T>[] outputs) : Output<T>
{
    public override void Collect(StreamRecord<T> record)
    {
        foreach (var o in outputs) o.Collect(record);
    }

    public override void EmitWatermark(Watermark watermark)
    {
        foreach (var o in outputs) o.EmitWatermark(watermark);
    }

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}

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

/// <summary>Routes side-output records by tag; watermarks go to the main and every side output.</summary>
internal sealed class SideOutputRouter<T>(Output<T> main, IReadOnlyDictionary<string, object> sides, IReadOnlyList<Action<Watermark>> sideWatermarks) : Output<T>
{
    public override void Collect(StreamRecord<T> record) => main.Collect(record);

    public override void EmitWatermark(Watermark watermark)
    {
        main.EmitWatermark(watermark);
        foreach (var w in sideWatermarks) w(watermark);
    }

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
        if (sides.TryGetValue(tag.Id, out var o)) ((Output<TSide>)o).Collect(record);
    }
}
