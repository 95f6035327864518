using Brook.Core.Hashing;

namespace Brook.Runtime.State.Timers;

/// <summary>
/// Timers of one time domain, as Flink's HeapPriorityQueueSet keeps them (deduplicated by (time, key, namespace),
/// polled in time order, deletable, snapshotted per key group), laid out by (time, namespace): a window's timers
/// for all its keys share one bucket, a map of key → key group, and the priority queue orders buckets, not timers.
/// Registering the same window's timer for the next record's key is then one lookup by the typed key in that
/// window's bucket (the bucket of the last registration is remembered), instead of a (key, window, time) lookup
/// in a set of every open window's timers. A bucket with one key (a session window, a process function's own
/// timer) keeps it inline, without a map. The per-key-group view that snapshots read is built on first use after a change.
/// </summary>
internal sealed class TimerQueue<TKey, TNamespace>(KeyGroupRange keyGroupRange) where TNamespace : notnull
{
    private readonly Dictionary<BucketId, TimerBucket<TKey, TNamespace>> _buckets = new();
    private readonly PriorityQueue<TimerBucket<TKey, TNamespace>, long> _queue = new();
    private TimerBucket<TKey, TNamespace>? _last;

    // The map of the last window bucket that emptied (fired), kept with its capacity for the next window's bucket.
    // Keys of keyed streams are never null (as in Flink, a null key cannot be partitioned).
#pragma warning disable CS8714
    private Dictionary<TKey, int>? _spare;
#pragma warning restore CS8714
    private List<TimerKey<TKey, TNamespace>>?[]? _byKeyGroup;

    public int Count { get; private set; }

    public bool Add(int keyGroup, in TimerKey<TKey, TNamespace> timer)
    {
        var bucket = _last;
        if (bucket is null || bucket.Timestamp != timer.Timestamp || !SameNamespace(bucket.Namespace, timer.Namespace))
        {
            var id = new BucketId(timer.Timestamp, timer.Namespace);
            if (!_buckets.TryGetValue(id, out bucket))
            {
                bucket = new TimerBucket<TKey, TNamespace>(timer.Timestamp, timer.Namespace);
                _buckets.Add(id, bucket);
                _queue.Enqueue(bucket, timer.Timestamp);
            }
            _last = bucket;
        }
        // The bucket's second key makes its map: from the spare when there is one.
        var takesSpare = _spare is not null && bucket.Count == 1 && !bucket.HasMap;
        if (!bucket.Add(timer.Key, keyGroup, _spare)) return false;
        if (takesSpare) _spare = null;
        _byKeyGroup = null;
        Count++;
        return true;
    }

    public bool Remove(int keyGroup, in TimerKey<TKey, TNamespace> timer)
    {
        if (!_buckets.TryGetValue(new BucketId(timer.Timestamp, timer.Namespace), out var bucket) || !bucket.Remove(timer.Key)) return false;
        Removed(bucket);
        return true;
    }

    /// <summary>The earliest live timer's time, or long.MaxValue when there is none.</summary>
    public long PeekTimestamp()
    {
        while (_queue.TryPeek(out var head, out var timestamp))
        {
            if (head.Count > 0) return timestamp;
            _queue.Dequeue();
        }
        return long.MaxValue;
    }

    /// <summary>Takes out the earliest live timer if it is due at <paramref name="time"/>.</summary>
    public bool TryPollDue(long time, out TimerKey<TKey, TNamespace> timer, out int keyGroup)
    {
        while (_queue.TryPeek(out var head, out var timestamp) && timestamp <= time)
        {
            // An emptied bucket (its timers deleted) stays in the queue until it is reached.
            if (head.Count == 0)
            {
                _queue.Dequeue();
                continue;
            }
            var key = head.TakeNext(out keyGroup);
            Removed(head);
            timer = new TimerKey<TKey, TNamespace>(timestamp, key, head.Namespace);
            return true;
        }
        timer = default;
        keyGroup = -1;
        return false;
    }

    public IReadOnlyCollection<TimerKey<TKey, TNamespace>> Group(int keyGroup) =>
        (IReadOnlyCollection<TimerKey<TKey, TNamespace>>?)ByKeyGroup()[keyGroup - keyGroupRange.StartKeyGroup] ?? [];

    private void Removed(TimerBucket<TKey, TNamespace> bucket)
    {
        _byKeyGroup = null;
        Count--;
        if (bucket.Count > 0) return;
        _spare = bucket.TakeEmptyMap() ?? _spare;
        _buckets.Remove(new BucketId(bucket.Timestamp, bucket.Namespace));
        if (ReferenceEquals(bucket, _last)) _last = null;
    }

    private List<TimerKey<TKey, TNamespace>>?[] ByKeyGroup()
    {
        if (_byKeyGroup is { } grouped) return grouped;
        grouped = new List<TimerKey<TKey, TNamespace>>?[keyGroupRange.NumberOfKeyGroups];
        foreach (var bucket in _buckets.Values)
        {
            foreach (var (key, keyGroup) in bucket.Members())
                (grouped[keyGroup - keyGroupRange.StartKeyGroup] ??= []).Add(new TimerKey<TKey, TNamespace>(bucket.Timestamp, key, bucket.Namespace));
        }
        return _byKeyGroup = grouped;
    }

    // Windows are reference types: the same window object as the last registration is the common case.
    private static bool SameNamespace(TNamespace a, TNamespace b) =>
        typeof(TNamespace).IsValueType ? EqualityComparer<TNamespace>.Default.Equals(a, b) : ReferenceEquals(a, b) || a.Equals(b);

    private readonly record struct BucketId(long Timestamp, TNamespace Namespace);
}
