namespace Brook.Streaming.State.Internal;

/// <summary>
/// Appending state that says whether an element was the first under the current key and namespace: a window
/// operator registers the window's timer once, when its contents are created, instead of on every element.
/// </summary>
internal interface IInternalAddReportingState<in TIn>
{
    /// <summary>Adds the element; true when the current key had no value under the current namespace before.</summary>
    bool AddAndReportFirst(TIn value);
}
