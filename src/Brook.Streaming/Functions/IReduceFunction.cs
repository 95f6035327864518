namespace Brook.Streaming.Functions;

/// <summary>Combines two values of a key into one (Flink's ReduceFunction).</summary>
public interface IReduceFunction<T> : IFunction
{
    T Reduce(T accumulated, T value);
}

public abstract class RichReduceFunction<T> : RichFunction, IReduceFunction<T>
{
    public abstract T Reduce(T accumulated, T value);
}
