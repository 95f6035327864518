namespace Brook.Streaming.Windowing;

/// <summary>Told by a merging window assigner which windows merge into which result window.</summary>
public interface IMergeCallback<TWindow> where TWindow : Window
{
    void Merge(IReadOnlyCollection<TWindow> toBeMerged, TWindow mergeResult);
}
