using Brook.Streaming.Windowing;

namespace Brook.Streaming.Operators.Windowing;

/// <summary>Window contents that take a run of records of one window in one call (pre-aggregated contents in the heap backend).</summary>
internal interface IBatchWindowContents<TKey, TIn, in TWindow> where TWindow : Window
{
    /// <summary>
    /// Adds each record to its key's contents of the window, as <see cref="IWindowContents{TKey,TIn,TOut,TWindow}.Add"/> per
    /// record would. Returns how many records created their key's contents, with their positions in order at the start
    /// of <paramref name="created"/>; -1, with nothing added, when the contents cannot (then they take records one by one).
    /// </summary>
    int TryAddAll(TWindow window, ReadOnlySpan<TKey> keys, ReadOnlySpan<int> keyGroups, ReadOnlySpan<StreamRecord<TIn>> records, Span<int> created);
}
