using Brook.Streaming.Functions;
using Brook.Streaming.State.Internal;
using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>Window contents in appending state: a list of elements, a reduced value, or an aggregate.</summary>
internal sealed class StateWindowContents<TKey, TIn, TAcc, TOut, TWindow>(
    IInternalAppendingState<TWindow, TIn, TAcc> state, InternalWindowFunction<TAcc, TOut, TKey, TWindow> function)
    : IWindowContents<TKey, TIn, TOut, TWindow>, IBatchWindowContents<TKey, TIn, TWindow> where TWindow : Window
{
    private readonly IInternalBatchAddState<TKey, TWindow, TIn>? _batch = state as IInternalBatchAddState<TKey, TWindow, TIn>;

    public void SetWindow(TWindow stateWindow) => state.SetCurrentNamespace(stateWindow);

    // The heap backend's states report whether the element created the window's contents; others are taken as "maybe".
    private readonly IInternalAddReportingState<TIn>? _reporting = state as IInternalAddReportingState<TIn>;

    public bool Add(TIn value, long timestamp)
    {
        if (_reporting is not null) return _reporting.AddAndReportFirst(value);
        state.Add(value);
        return true;
    }

    public int TryAddAll(TWindow window, ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<TIn>> records, Span<int> created) =>
        _batch is null ? -1 : _batch.TryAddAll(window, keys, keyGroups, records, created);

    public void Clear() => state.Clear();

    public void MergeWindows(TWindow target, IReadOnlyCollection<TWindow> sources) => state.MergeNamespaces(target, sources);

    public void Emit(TKey key, TWindow window, IInternalWindowContext context, IEvictorContext evictorContext, ICollector<TOut> output)
    {
        if (state.TryGet(out var contents)) function.Process(key, window, context, contents, output);
    }

    public void ClearFunctionState(TWindow window, IInternalWindowContext context) => function.Clear(window, context);

    public IEnumerable<object> UserFunctions => function.UserFunctions;
}
