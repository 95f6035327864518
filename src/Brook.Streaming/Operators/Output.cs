namespace Brook.Streaming.Operators;

/// <summary>
/// Where an operator emits: records to the main output, watermarks, and records to side outputs. Inside a
/// chain the next operator is called directly; at the end of a chain records go to the result partition.
/// An abstract class (not an interface) so the per-record call is a plain virtual call.
/// </summary>
public abstract class Output<T>
{
    public abstract void Collect(StreamRecord<T> record);

    /// <summary>
    /// Emits a run of records, in order, as <see cref="Collect(StreamRecord{T})"/> would one by one: outputs that can
    /// take a batch (the next operator's batch input, the record writer) save the per-record calls.
    /// </summary>
    public virtual void CollectBatch(ReadOnlySpan<StreamRecord<T>> records)
    {
        foreach (var record in records) Collect(record);
    }

    /// <summary>
    /// Emits a run of values without timestamps, in order, as <see cref="Collect(StreamRecord{T})"/> of each value would
    /// (a record without timestamp): outputs that keep values apart from timestamps (the record writer, the next operator's
    /// value input) take them as they are; the others get them as records through <see cref="CollectBatch"/>.
    /// </summary>
    public virtual void CollectValues(ReadOnlySpan<T> values)
    {
        var records = _staged.Length >= values.Length ? _staged : _staged = new StreamRecord<T>[values.Length];
        for (var i = 0; i < values.Length; i++) records[i] = new StreamRecord<T>(values[i]);
        CollectBatch(records.AsSpan(0, values.Length));
        if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(records, 0, values.Length);
    }

    private StreamRecord<T>[] _staged = [];

    public abstract void EmitWatermark(Watermark watermark);

    /// <summary>Emits to the side output <paramref name="tag"/>; dropped if nothing consumes that tag.</summary>
    public abstract void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record);

    /// <summary>Emits an idle/active change; outputs that lead nowhere (discarding) ignore it.</summary>
    public virtual void EmitWatermarkStatus(WatermarkStatus status)
    {
    }
}
