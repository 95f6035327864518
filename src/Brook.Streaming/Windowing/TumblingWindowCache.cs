using System.Collections.ObjectModel;

namespace Brook.Streaming.Windowing;

/// <summary>
/// The window a tumbling assigner returned last, handed out again while elements keep falling into it (one
/// allocation per window instead of per element). Subtasks may share an assigner: an entry is immutable and
/// published with one reference write, so a race only costs an extra allocation.
/// </summary>
internal sealed class TumblingWindowCache(long size)
{
    private Entry? _last;

    public IReadOnlyList<TimeWindow> WindowStartingAt(long start)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Start == start) return last.Windows;
        var entry = new Entry(start, new ReadOnlyCollection<TimeWindow>([new TimeWindow(start, start + size)]));
        Volatile.Write(ref _last, entry);
        return entry.Windows;
    }

    private sealed record Entry(long Start, ReadOnlyCollection<TimeWindow> Windows);
}
