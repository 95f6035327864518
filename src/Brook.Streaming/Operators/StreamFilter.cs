using Brook.Streaming.Functions;

namespace Brook.Streaming.Operators;

public sealed class StreamFilter<T> : AbstractUdfStreamOperator<T, object>, IOneInputStreamOperator<T>
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
}
