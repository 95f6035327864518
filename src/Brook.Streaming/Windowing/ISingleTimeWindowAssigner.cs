namespace Brook.Streaming.Windowing;

/// <summary>
/// An assigner that puts every element into exactly one time window of a fixed size, known by its start (tumbling
/// windows). The window operator uses it to keep the current window object while elements keep falling into it,
/// instead of a window and a collection per element; <see cref="WindowAssigner{TWindow}.AssignWindows"/> gives the same window.
/// </summary>
internal interface ISingleTimeWindowAssigner
{
    long Size { get; }

    /// <summary>The start of the element's window (fails as AssignWindows does when the element has no timestamp).</summary>
    long WindowStart(long timestamp, IWindowAssignerContext context);
}
