using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>Map: one output per input. Lambdas and IMapFunction both end as one delegate call per record.</summary>
public sealed class StreamMap<TIn, TOut> : AbstractUdfStreamOperator<TOut, object>, IOneInputStreamOperator<TIn>, IFusibleOperator<TIn>
{
    private readonly Func<TIn, TOut> _map;

    public StreamMap(IMapFunction<TIn, TOut> function) : base(function) => _map = function.Map;

    public StreamMap(Func<TIn, TOut> map) : base(map) => _map = map;

    public void ProcessElement(StreamRecord<TIn> record) => Output.Collect(new StreamRecord<TOut>(_map(record.Value), record.Timestamp));

    public void EndInput()
    {
    }

    Output<TIn> IFusibleOperator<TIn>.CreateFusedInput() => new FusedInput(this, _map, Output);

    private sealed class FusedInput(StreamMap<TIn, TOut> op, Func<TIn, TOut> map, Output<TOut> next) : Output<TIn>
    {
        public override void Collect(StreamRecord<TIn> record) => next.Collect(new StreamRecord<TOut>(map(record.Value), record.Timestamp));

        private StreamRecord<TOut>[] _batch = [];

        public override void CollectBatch(ReadOnlySpan<StreamRecord<TIn>> records)
        {
            var mapped = _batch.Length >= records.Length ? _batch : _batch = new StreamRecord<TOut>[records.Length];
            for (var i = 0; i < records.Length; i++) mapped[i] = new StreamRecord<TOut>(map(records[i].Value), records[i].Timestamp);
            next.CollectBatch(mapped.AsSpan(0, records.Length));
            if (System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<TOut>()) Array.Clear(mapped, 0, records.Length);
        }

        public override void EmitWatermark(Watermark watermark) => op.ProcessWatermark(watermark);

        public override void EmitWatermarkStatus(WatermarkStatus status) => op.ProcessWatermarkStatus(status);

        public override void Collect<TSide>(OutputTag<TSide> tag, StreamRecord<TSide> record)
        {
        }
    }
}
