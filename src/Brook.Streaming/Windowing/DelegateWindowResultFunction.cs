using Brook.Streaming.Functions;

namespace Brook.Streaming.Windowing;

/// <summary>
/// A window function from a lambda over the window's key, the window and its contents (the pre-aggregated value,
/// or all elements), emitting one result per window: the lambda overloads of <c>WindowedStream</c>.
/// </summary>
internal sealed class DelegateWindowResultFunction<TIn, TOut, TKey, TWindow>(Func<TKey, TWindow, IEnumerable<TIn>, TOut> function)
    : IWindowFunction<TIn, TOut, TKey, TWindow> where TWindow : Window
{
    public static DelegateWindowResultFunction<TIn, TOut, TKey, TWindow> OfSingle(Func<TKey, TWindow, TIn, TOut> function) =>
        new((key, window, input) => function(key, window, input.Single()));

    public void Apply(TKey key, TWindow window, IEnumerable<TIn> input, ICollector<TOut> output) => output.Collect(function(key, window, input));
}
