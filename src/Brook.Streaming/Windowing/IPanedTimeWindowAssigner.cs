namespace Brook.Streaming.Windowing;

/// <summary>
/// An event-time assigner whose windows are unions of panes: every timestamp of one pane
/// <c>[PaneStart(t), PaneStart(t) + PaneSize)</c> belongs to the same windows (tumbling windows: the pane is the window;
/// sliding windows whose size is a multiple of the slide: the slide). The window operator assigns a run of a batch's
/// records in one pane once, instead of once per record.
/// </summary>
internal interface IPanedTimeWindowAssigner
{
    /// <summary>The pane's length; 0 when the windows do not align to panes (a sliding size that is not a multiple of the slide).</summary>
    long PaneSize { get; }

    /// <summary>The start of the pane of a timestamp (not <see cref="long.MinValue"/>: the caller assigns such an element through AssignWindows, which fails).</summary>
    long PaneStart(long timestamp);
}
