namespace Brook.Streaming.Functions;

/// <summary>Keeps the values for which it returns true.</summary>
public interface IFilterFunction<in T> : IFunction
{
    bool Filter(T value);
}

public abstract class RichFilterFunction<T> : RichFunction, IFilterFunction<T>
{
    public abstract bool Filter(T value);
}
