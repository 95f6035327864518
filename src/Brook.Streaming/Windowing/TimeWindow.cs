namespace Brook.Streaming.Windowing;

/// <summary>A window of time [Start, End): Start inclusive, End exclusive, in epoch milliseconds.</summary>
public sealed class TimeWindow(long start, long end) : Window, IEquatable<TimeWindow>
{
    // Windows are the namespace of window state and timers: hashed on every element, so computed once.
    private readonly int _hashCode = HashCode.Combine(start, end);

    public long Start { get; } = start;

    public long End { get; } = end;

    public override long MaxTimestamp => End - 1;

    /// <summary>True when the windows overlap or touch (Flink's rule for merging session windows).</summary>
    public bool Intersects(TimeWindow other) => Start <= other.End && End >= other.Start;

    /// <summary>The smallest window that contains both.</summary>
    public TimeWindow Cover(TimeWindow other) => new(Math.Min(Start, other.Start), Math.Max(End, other.End));

    public bool Equals(TimeWindow? other) => ReferenceEquals(this, other) || (other is not null && Start == other.Start && End == other.End);

    public override bool Equals(object? obj) => obj is TimeWindow w && Equals(w);

    public override int GetHashCode() => _hashCode;

    public override string ToString() => $"TimeWindow{{start={Start}, end={End}}}";

    /// <summary>The start of the window of the given size (and offset) that contains the timestamp.</summary>
    public static long GetWindowStartWithOffset(long timestamp, long offset, long windowSize)
    {
        var remainder = (timestamp - offset) % windowSize;
        // Negative remainders (timestamps before the offset) still have to round down.
        return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
    }

    /// <summary>
    /// Merges overlapping windows: sorts by start and folds each run of intersecting windows into one cover,
    /// reporting every group of two or more to the callback (Flink's TimeWindow.mergeWindows).
    /// </summary>
    public static void MergeWindows(IEnumerable<TimeWindow> windows, IMergeCallback<TimeWindow> callback)
    {
        var sorted = windows.OrderBy(w => w.Start).ToList();
        var merged = new List<(TimeWindow Cover, List<TimeWindow> Members)>();
        (TimeWindow Cover, List<TimeWindow> Members)? current = null;
        foreach (var candidate in sorted)
        {
            if (current is null)
            {
                current = (candidate, [candidate]);
            }
            else if (current.Value.Cover.Intersects(candidate))
            {
                current.Value.Members.Add(candidate);
                current = (current.Value.Cover.Cover(candidate), current.Value.Members);
            }
            else
            {
                merged.Add(current.Value);
                current = (candidate, [candidate]);
            }
        }
        if (current is not null) merged.Add(current.Value);
        foreach (var (cover, members) in merged)
        {
            if (members.Count > 1) callback.Merge(members, cover);
        }
    }
}
