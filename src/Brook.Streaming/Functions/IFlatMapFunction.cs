namespace Brook.Streaming.Functions;

/// <summary>Emits any number of values per input.</summary>
public interface IFlatMapFunction<in TIn, out TOut> : IFunction
{
    void FlatMap(TIn value, ICollector<TOut> output);
}

public abstract class RichFlatMapFunction<TIn, TOut> : RichFunction, IFlatMapFunction<TIn, TOut>
{
    public abstract void FlatMap(TIn value, ICollector<TOut> output);
}
