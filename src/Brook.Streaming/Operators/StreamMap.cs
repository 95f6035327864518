using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

/// <summary>Map: one output per input. Lambdas and IMapFunction both end as one delegate call per record.</summary>
public sealed class StreamMap<TIn, TOut> : AbstractUdfStreamOperator<TOut, object>, IOneInputStreamOperator<TIn>
{
    private readonly Func<TIn, TOut> _map;

    public StreamMap(IMapFunction<TIn, TOut> function) : base(function) => _map = function.Map;

    public StreamMap(Func<TIn, TOut> map) : base(map) => _map = map;

    public void ProcessElement(StreamRecord<TIn> record) => Output.Collect(new StreamRecord<TOut>(_map(record.Value), record.Timestamp));

    public void EndInput()
    {
    }
}
