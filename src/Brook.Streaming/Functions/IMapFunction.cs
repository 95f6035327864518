namespace Brook.Streaming.Functions;

/// <summary>Turns each value into one value.</summary>
public interface IMapFunction<in TIn, out TOut> : IFunction
{
    TOut Map(TIn value);
}

public abstract class RichMapFunction<TIn, TOut> : RichFunction, IMapFunction<TIn, TOut>
{
    public abstract TOut Map(TIn value);
}
