using Brook.Core.Hashing;

namespace Brook.Runtime.State.Timers;

/// <summary>
/// Timers of one time domain: a set per key group (deduplication, deletion, snapshots per key group) and one
/// priority queue by time over all of them, as Flink's HeapPriorityQueueSet. Timers are kept with their typed
/// key, so registering a timer that already exists allocates nothing. Deleted timers stay in the queue and are
/// skipped when reached (a timer deleted and registered again is in the queue twice but in the set once, so it fires once).
/// </summary>
internal sealed class TimerQueue<TKey, TNamespace>(KeyGroupRange keyGroupRange) where TNamespace : notnull
{
    private readonly HashSet<TimerKey<TKey, TNamespace>>?[] _groups = new HashSet<TimerKey<TKey, TNamespace>>?[keyGroupRange.NumberOfKeyGroups];
    private readonly PriorityQueue<(TimerKey<TKey, TNamespace> Timer, int KeyGroup), long> _queue = new();

    // The timer registered last, known to be in the set: a window registers its end-of-window and cleanup
    // timers for the same key, window and time on every element, so the repeat skips the set lookup.
    private TimerKey<TKey, TNamespace> _lastAdded;
    private int _lastAddedKeyGroup = -1;

    public int Count { get; private set; }

    public bool Add(int keyGroup, in TimerKey<TKey, TNamespace> timer)
    {
        if (keyGroup == _lastAddedKeyGroup && timer.Equals(_lastAdded)) return false;
        ref var set = ref _groups[keyGroup - keyGroupRange.StartKeyGroup];
        set ??= [];
        if (!set.Add(timer))
        {
            _lastAdded = timer;
            _lastAddedKeyGroup = keyGroup;
            return false;
        }
        _lastAdded = timer;
        _lastAddedKeyGroup = keyGroup;
        _queue.Enqueue((timer, keyGroup), timer.Timestamp);
        Count++;
        return true;
    }

    public bool Remove(int keyGroup, in TimerKey<TKey, TNamespace> timer)
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
    public bool TryPollDue(long time, out TimerKey<TKey, TNamespace> timer, out int keyGroup)
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

    public IReadOnlyCollection<TimerKey<TKey, TNamespace>> Group(int keyGroup) =>
        (IReadOnlyCollection<TimerKey<TKey, TNamespace>>?)_groups[keyGroup - keyGroupRange.StartKeyGroup] ?? [];

    private bool Contains(int keyGroup, in TimerKey<TKey, TNamespace> timer) =>
        _groups[keyGroup - keyGroupRange.StartKeyGroup]?.Contains(timer) == true;
}
