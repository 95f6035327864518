namespace Brook.Streaming.Functions;

/// <summary>Emits values from a function that may produce any number per input (Flink's Collector).</summary>
public interface ICollector<in T>
{
    void Collect(T value);
}
