namespace Brook.Streaming.Operators;

/// <summary>
/// Where an operator emits: records to the main output, watermarks, and records to side outputs. Inside a
/// chain the next operator is called directly; at the end of a chain records go to the result partition.
/// An abstract class (not an interface) so the per-record call is a plain virtual call.
/// </summary>
public abstract class Output<T>
{
    public abstract void Collect(StreamRecord<T> record);

    public abstract void EmitWatermark(Watermark watermark);

    /// <summary>Emits to the side output <paramref name="tag"/>; dropped if nothing consumes that tag.</summary>
    public abstract void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record);
}
