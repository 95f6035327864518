using Brook.Streaming.Functions;
using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>
/// The contents of a key's windows in keyed state (namespace = window) and how they are evaluated: kept
/// pre-aggregated (reduce, aggregate), as all elements (process), or with timestamps for an evictor.
/// </summary>
internal interface IWindowContents<in TKey, in TIn, out TOut, TWindow> where TWindow : Window
{
    void SetWindow(TWindow stateWindow);

    /// <summary>Adds the element to the current window; true when the window had no contents for the key before (or when that is unknown).</summary>
    bool Add(TIn value, long timestamp);

    void Clear();

    void MergeWindows(TWindow target, IReadOnlyCollection<TWindow> sources);

    /// <summary>Evaluates the window's contents (nothing when it is empty).</summary>
    void Emit(TKey key, TWindow window, IInternalWindowContext context, IEvictorContext evictorContext, ICollector<TOut> output);

    void ClearFunctionState(TWindow window, IInternalWindowContext context);

    IEnumerable<object> UserFunctions { get; }
}
