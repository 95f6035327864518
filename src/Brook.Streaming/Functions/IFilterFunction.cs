namespace Brook.Streaming.Functions;

public interface IFilterFunction<in T> : IFunction
{
    bool Filter(T value);
}

public abstract class RichFilterFunction<T> : RichFunction, IFilterFunction<T>
{
    public abstract bool Filter(T value);
}
