using Brook.Streaming.State;
using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>
/// Flink's MergingWindowSet: tracks the live windows of one key for a merging assigner (sessions) and, for
/// each, the "state window" whose namespace holds its contents. When windows merge, the contents stay in
/// one of the merged windows' state namespaces, so only the other namespaces' state has to be merged into it.
/// The mapping is kept in a list state so it is part of the keyed state snapshot.
/// </summary>
internal sealed class MergingWindowSet<TWindow> where TWindow : Window
{
    /// <summary>Called when windows merge: result window, windows merged, the result's state window, and the state windows to merge into it.</summary>
    public delegate void MergeFunction(TWindow mergeResult, IReadOnlyCollection<TWindow> mergedWindows, TWindow stateWindowResult, IReadOnlyCollection<TWindow> mergedStateWindows);

    private readonly Dictionary<TWindow, TWindow> _mapping = new();
    private readonly Dictionary<TWindow, TWindow> _initialMapping;
    private readonly IListState<(TWindow Window, TWindow StateWindow)> _state;
    private readonly Action<IReadOnlyCollection<TWindow>, IMergeCallback<TWindow>> _mergeWindows;

    public MergingWindowSet(Action<IReadOnlyCollection<TWindow>, IMergeCallback<TWindow>> mergeWindows, IListState<(TWindow Window, TWindow StateWindow)> state)
    {
        _mergeWindows = mergeWindows;
        _state = state;
        foreach (var (window, stateWindow) in state.Get()) _mapping[window] = stateWindow;
        _initialMapping = new Dictionary<TWindow, TWindow>(_mapping);
    }

    public IReadOnlyCollection<TWindow> Windows => _mapping.Keys;

    /// <summary>Writes the mapping back to its state if it changed.</summary>
    public void Persist()
    {
        if (_mapping.Count == _initialMapping.Count && _mapping.All(e => _initialMapping.TryGetValue(e.Key, out var s) && s.Equals(e.Value))) return;
        _state.Update(_mapping.Select(e => (e.Key, e.Value)).ToList());
    }

    public TWindow? GetStateWindow(TWindow window) => _mapping.GetValueOrDefault(window);

    /// <summary>Forgets a window after it was purged for good.</summary>
    public void RetireWindow(TWindow window)
    {
        if (!_mapping.Remove(window))
            throw new InvalidOperationException($"Window {window} is not in the merging window set.");
    }

    /// <summary>Adds a new window, merging it (and others) as the assigner decides; returns the window it ends up in.</summary>
    public TWindow AddWindow(TWindow newWindow, MergeFunction mergeFunction)
    {
        var windows = new List<TWindow>(_mapping.Keys) { newWindow };
        var callback = new CollectingCallback();
        _mergeWindows(windows, callback);

        var resultWindow = newWindow;
        var mergedNewWindow = false;
        foreach (var (mergeResult, members) in callback.Results)
        {
            var mergedWindows = new List<TWindow>(members);
            if (mergedWindows.Remove(newWindow))
            {
                mergedNewWindow = true;
                resultWindow = mergeResult;
            }
            // The merge result keeps the state window of one of the existing windows, so its contents need not move.
            var mergedStateWindow = _mapping[mergedWindows[0]];
            var mergedStateWindows = new List<TWindow>();
            foreach (var merged in mergedWindows)
                if (_mapping.Remove(merged, out var stateWindow)) mergedStateWindows.Add(stateWindow);
            _mapping[mergeResult] = mergedStateWindow;
            mergedStateWindows.Remove(mergedStateWindow);
            // An existing window that only absorbed the new window without growing needs no merge.
            if (!(mergedWindows.Contains(mergeResult) && mergedWindows.Count == 1))
                mergeFunction(mergeResult, mergedWindows, _mapping[mergeResult], mergedStateWindows);
        }
        if (callback.Results.Count == 0 || (resultWindow.Equals(newWindow) && !mergedNewWindow))
            _mapping[resultWindow] = resultWindow;
        return resultWindow;
    }

    private sealed class CollectingCallback : IMergeCallback<TWindow>
    {
        public List<(TWindow Result, IReadOnlyCollection<TWindow> Members)> Results { get; } = [];

        public void Merge(IReadOnlyCollection<TWindow> toBeMerged, TWindow mergeResult) => Results.Add((mergeResult, toBeMerged.ToList()));
    }
}
