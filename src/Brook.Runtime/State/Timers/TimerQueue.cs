using Brook.Streaming.State.Internal;
using Brook.Core.Hashing;

namespace Brook.Runtime.State.Timers;

/// <summary>
/// Timers of one time domain: a set per key group (deduplication, deletion, snapshots per key group) and one
/// priority queue by time over all of them. Deleted timers stay in the queue and are skipped when reached.
/// </summary>
internal sealed class TimerQueue<TNamespace>(KeyGroupRange keyGroupRange)
{
    private readonly HashSet<InternalTimer<TNamespace>>?[] _groups = new HashSet<InternalTimer<TNamespace>>?[keyGroupRange.NumberOfKeyGroups];
    private readonly PriorityQueue<(InternalTimer<TNamespace> Timer, int KeyGroup), long> _queue = new();

    // The timer registered last, known to be in the set: a window registers its end-of-window and cleanup
    // timers for the same key, window and time on every element, so the repeat skips the set lookup.
    private InternalTimer<TNamespace> _lastAdded;
    private int _lastAddedKeyGroup = -1;

    public int Count { get; private set; }

    public bool Add(int keyGroup, InternalTimer<TNamespace> timer)
    {
        if (keyGroup == _lastAddedKeyGroup && timer.Timestamp == _lastAdded.Timestamp && ReferenceEquals(timer.Key, _lastAdded.Key)
            && EqualityComparer<TNamespace>.Default.Equals(timer.Namespace, _lastAdded.Namespace))
            return false;
        ref var set = ref _groups[keyGroup - keyGroupRange.StartKeyGroup];
        set ??= [];
        _lastAdded = timer;
        _lastAddedKeyGroup = keyGroup;
        if (!set.Add(timer)) return false;
        _queue.Enqueue((timer, keyGroup), timer.Timestamp);
        Count++;
        return true;
    }

    public bool Remove(int keyGroup, InternalTimer<TNamespace> timer)
    {
        var set = _groups[keyGroup - keyGroupRange.StartKeyGroup];
        if (set is null || !set.Remove(timer)) return false;
        _lastAddedKeyGroup = -1;
        Count--;
        return true;
    }

    /// <summary>The earliest live timer's time, or long.MaxValue when there is none.</summary>
    public long PeekTimestamp()
    {
        while (_queue.TryPeek(out var head, out _))
        {
            if (Contains(head.KeyGroup, head.Timer)) return head.Timer.Timestamp;
            _queue.Dequeue();
        }
        return long.MaxValue;
    }

    /// <summary>Takes out the earliest live timer if it is due at <paramref name="time"/>.</summary>
    public bool TryPollDue(long time, out InternalTimer<TNamespace> timer, out int keyGroup)
    {
        while (_queue.TryPeek(out var head, out var ts) && ts <= time)
        {
            _queue.Dequeue();
            if (Remove(head.KeyGroup, head.Timer))
            {
                timer = head.Timer;
                keyGroup = head.KeyGroup;
                return true;
            }
        }
        timer = default;
        keyGroup = -1;
        return false;
    }

    public IReadOnlyCollection<InternalTimer<TNamespace>> Group(int keyGroup) =>
        (IReadOnlyCollection<InternalTimer<TNamespace>>?)_groups[keyGroup - keyGroupRange.StartKeyGroup] ?? [];

    private bool Contains(int keyGroup, InternalTimer<TNamespace> timer) =>
        _groups[keyGroup - keyGroupRange.StartKeyGroup]?.Contains(timer) == true;
}
