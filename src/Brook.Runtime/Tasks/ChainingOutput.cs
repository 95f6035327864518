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

    private readonly IBatchInput<T>? _batch = next as IBatchInput<T>;

    private readonly IValueBatchInput<T>? _values = next as IValueBatchInput<T>;

    public override void Collect(StreamRecord<T> record) => _process(record);

    public override void CollectBatch(ReadOnlySpan<StreamRecord<T>> records)
    {
        if (_batch is { } batch)
        {
            batch.ProcessBatch(records);
            return;
        }
        var process = _process;
        foreach (var record in records) process(record);
    }

    public override void CollectValues(ReadOnlySpan<T> values)
    {
        if (_values is { } input) input.ProcessValues(values);
        else base.CollectValues(values);
    }

    public override void EmitWatermark(Watermark watermark) => next.ProcessWatermark(watermark);

    public override void EmitWatermarkStatus(WatermarkStatus status)
    {
        if (next is IWatermarkStatusInput input) input.ProcessWatermarkStatus(status);
    }

    public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
    {
    }
}
