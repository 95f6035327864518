using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

public sealed class StreamFlatMap<TIn, TOut> : AbstractUdfStreamOperator<TOut, object>, IOneInputStreamOperator<TIn>
{
    private readonly Action<TIn, ICollector<TOut>> _flatMap;
    private TimestampedCollector<TOut> _collector = null!;

    public StreamFlatMap(IFlatMapFunction<TIn, TOut> function) : base(function) => _flatMap = function.FlatMap;

    public StreamFlatMap(Action<TIn, ICollector<TOut>> flatMap) : base(flatMap) => _flatMap = flatMap;

    public override void Open()
    {
        _collector = new TimestampedCollector<TOut>(Output);
        base.Open();
    }

    public void ProcessElement(StreamRecord<TIn> record)
    {
        _collector.Timestamp = record.Timestamp;
        _flatMap(record.Value, _collector);
    }

    public void EndInput()
    {
    }
}
