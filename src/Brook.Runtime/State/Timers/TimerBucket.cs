namespace Brook.Runtime.State.Timers;

// Keys of keyed streams are never null (as in Flink, a null key cannot be partitioned).
#pragma warning disable CS8714

/// <summary>
/// The keys (with their key groups) that have a timer at one (time, namespace). One key is kept inline; a second
/// one moves them into a map. Firing takes the keys out one at a time from a copy made when firing starts,
/// so timers registered into the bucket while it fires are taken too, and deleted ones are not.
/// </summary>
internal sealed class TimerBucket<TKey, TNamespace>(long timestamp, TNamespace ns)
{
    private TKey _one = default!;
    private int _oneKeyGroup;
    private bool _hasOne;
    private Dictionary<TKey, int>? _many;
    private (TKey Key, int KeyGroup)[]? _firing;
    private int _firingIndex;

    public long Timestamp { get; } = timestamp;

    public TNamespace Namespace { get; } = ns;

    public int Count { get; private set; }

    public bool HasMap => _many is not null;

    /// <summary>Adds the key; <paramref name="spare"/> is an empty map to take when the bucket needs one (its second key).</summary>
    public bool Add(TKey key, int keyGroup, Dictionary<TKey, int>? spare = null)
    {
        if (_many is not null)
        {
            if (!_many.TryAdd(key, keyGroup)) return false;
        }
        else if (!_hasOne)
        {
            (_one, _oneKeyGroup, _hasOne) = (key, keyGroup, true);
        }
        else
        {
            if (EqualityComparer<TKey>.Default.Equals(_one, key)) return false;
            _many = spare ?? new Dictionary<TKey, int>();
            _many[_one] = _oneKeyGroup;
            _many[key] = keyGroup;
            (_one, _hasOne) = (default!, false);
        }
        Count++;
        return true;
    }

    public bool Remove(TKey key)
    {
        if (_many is not null)
        {
            if (!_many.Remove(key)) return false;
        }
        else if (_hasOne && EqualityComparer<TKey>.Default.Equals(_one, key))
        {
            (_one, _hasOne) = (default!, false);
        }
        else
        {
            return false;
        }
        Count--;
        return true;
    }

    /// <summary>Removes and returns a key of the bucket; only called when <see cref="Count"/> is positive.</summary>
    public TKey TakeNext(out int keyGroup)
    {
        while (true)
        {
            if (_firing is null || _firingIndex == _firing.Length)
            {
                _firing = Snapshot();
                _firingIndex = 0;
            }
            var (key, group) = _firing[_firingIndex++];
            if (!Remove(key)) continue;
            if (Count == 0) _firing = null;
            keyGroup = group;
            return key;
        }
    }

    /// <summary>The members in <see cref="Members"/> order, copied in one pass (no iterator, no growing list).</summary>
    private (TKey Key, int KeyGroup)[] Snapshot()
    {
        var members = new (TKey Key, int KeyGroup)[Count];
        var i = 0;
        if (_hasOne) members[i++] = (_one, _oneKeyGroup);
        if (_many is not null)
        {
            foreach (var (key, keyGroup) in _many) members[i++] = (key, keyGroup);
        }
        return members;
    }

    /// <summary>
    /// Takes the map of an emptied bucket for reuse by the next window's bucket, which holds about as many keys: cleared,
    /// so it enumerates in insertion order as a new map does (a map emptied by removals would reuse its freed entries
    /// in reverse order).
    /// </summary>
    public Dictionary<TKey, int>? TakeEmptyMap()
    {
        if (Count != 0 || _many is not { } map) return null;
        _many = null;
        map.Clear();
        return map;
    }

    public IEnumerable<(TKey Key, int KeyGroup)> Members()
    {
        if (_hasOne) yield return (_one, _oneKeyGroup);
        if (_many is null) yield break;
        foreach (var (key, keyGroup) in _many) yield return (key, keyGroup);
    }
}
#pragma warning restore CS8714
