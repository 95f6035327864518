using Brook.Streaming.Functions;
using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>
/// What the window operator calls when a window fires: the window contents (<typeparamref name="TInput"/>:
/// the elements, or the reduced/aggregated value) go through the user's function(s) to the output.
/// </summary>
internal abstract class InternalWindowFunction<TInput, TOut, TKey, TWindow> where TWindow : Window
{
    public abstract void Process(TKey key, TWindow window, IInternalWindowContext context, TInput input, ICollector<TOut> output);

    /// <summary>The window is purged for good: the user function may delete per-window state.</summary>
    public virtual void Clear(TWindow window, IInternalWindowContext context)
    {
    }

    /// <summary>The user functions inside, opened and closed with the operator.</summary>
    public abstract IEnumerable<object> UserFunctions { get; }
}
