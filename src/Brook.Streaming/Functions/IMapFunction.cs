namespace Brook.Streaming.Functions;

public interface IMapFunction<in TIn, out TOut> : IFunction
{
    TOut Map(TIn value);
}

public abstract class RichMapFunction<TIn, TOut> : RichFunction, IMapFunction<TIn, TOut>
{
    public abstract TOut Map(TIn value);
}
