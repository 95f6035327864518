using Brook.Streaming.Functions;
using Brook.Streaming.State.Internal;
using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>
/// Window contents for an evictor (Flink's EvictingWindowOperator): every element is kept with its
/// timestamp; on firing the evictor removes elements before and/or after the function runs, and what is
/// left is written back.
/// </summary>
internal sealed class EvictingWindowContents<TKey, TIn, TOut, TWindow>(
    IInternalListState<TWindow, TimestampedValue<TIn>> state,
    IEvictor<TWindow> evictor,
    InternalWindowFunction<IEnumerable<TIn>, TOut, TKey, TWindow> function)
    : IWindowContents<TKey, TIn, TOut, TWindow> where TWindow : Window
{
    public void SetWindow(TWindow stateWindow) => state.SetCurrentNamespace(stateWindow);

    public bool Add(TIn value, long timestamp)
    {
        var element = new TimestampedValue<TIn>(value, timestamp);
        if (state is IInternalAddReportingState<TimestampedValue<TIn>> reporting) return reporting.AddAndReportFirst(element);
        state.Add(element);
        return true;
    }

    public void Clear() => state.Clear();

    public void MergeWindows(TWindow target, IReadOnlyCollection<TWindow> sources) => state.MergeNamespaces(target, sources);

    public void Emit(TKey key, TWindow window, IInternalWindowContext context, IEvictorContext evictorContext, ICollector<TOut> output)
    {
        if (!state.TryGet(out var stored)) return;
        var elements = stored.ToList();
        evictor.EvictBefore(elements, elements.Count, window, evictorContext);
        function.Process(key, window, context, elements.Select(e => e.Value).ToList(), output);
        evictor.EvictAfter(elements, elements.Count, window, evictorContext);
        state.Update(elements);
    }

    public void ClearFunctionState(TWindow window, IInternalWindowContext context) => function.Clear(window, context);

    public IEnumerable<object> UserFunctions => function.UserFunctions.Append(evictor);
}
