using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

public sealed class StreamFilter<T> : AbstractUdfStreamOperator<T, object>, IOneInputStreamOperator<T>, IFusibleOperator<T>
{
    private readonly Func<T, bool> _filter;

    public StreamFilter(IFilterFunction<T> function) : base(function) => _filter = function.Filter;

    public StreamFilter(Func<T, bool> filter) : base(filter) => _filter = filter;

    public void ProcessElement(StreamRecord<T> record)
    {
        if (_filter(record.Value)) Output.Collect(record);
    }

    public void EndInput()
    {
    }

    Output<T> IFusibleOperator<T>.CreateFusedInput() => new FusedInput(this, _filter, Output);

    private sealed class FusedInput(StreamFilter<T> op, Func<T, bool> filter, Output<T> next) : Output<T>
    {
        public override void Collect(StreamRecord<T> record)
        {
            if (filter(record.Value)) next.Collect(record);
        }

        private StreamRecord<T>[] _batch = [];

        public override void CollectBatch(ReadOnlySpan<StreamRecord<T>> records)
        {
            var kept = _batch.Length >= records.Length ? _batch : _batch = new StreamRecord<T>[records.Length];
            var n = 0;
            foreach (var record in records)
            {
                if (filter(record.Value)) kept[n++] = record;
            }
            if (n > 0) next.CollectBatch(kept.AsSpan(0, n));
            if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>()) Array.Clear(kept, 0, n);
        }

        public override void EmitWatermark(Watermark watermark) => op.ProcessWatermark(watermark);

        public override void EmitWatermarkStatus(WatermarkStatus status) => op.ProcessWatermarkStatus(status);

        public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
        {
        }
    }
}
