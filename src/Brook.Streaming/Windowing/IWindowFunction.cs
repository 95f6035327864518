using Brook.Streaming.Functions;

namespace Brook.Streaming.Windowing;

/// <summary>Evaluates a window of a keyed stream from its key, the window and its elements (Flink's WindowFunction).</summary>
public interface IWindowFunction<in TIn, out TOut, in TKey, in TWindow> : IFunction where TWindow : Window
{
    void Apply(TKey key, TWindow window, IEnumerable<TIn> input, ICollector<TOut> output);
}

/// <summary>Evaluates a window of a non-keyed stream (Flink's AllWindowFunction).</summary>
public interface IAllWindowFunction<in TIn, out TOut, in TWindow> : IFunction where TWindow : Window
{
    void Apply(TWindow window, IEnumerable<TIn> input, ICollector<TOut> output);
}
