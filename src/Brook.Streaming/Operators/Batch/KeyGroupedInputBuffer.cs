namespace Brook.Streaming.Operators.Batch;

/// <summary>
/// A keyed operator's whole bounded input in BATCH execution, handed out grouped by key (Flink sorts by key; Brook
/// groups by hashing, which needs no comparable key): keys in the order they first arrived, each key's records by
/// timestamp, records with equal timestamps in arrival order. Held in memory until the input ends.
/// </summary>
internal sealed class KeyGroupedInputBuffer<TKey, TEntry> where TKey : notnull
{
    private readonly Dictionary<TKey, int> _ids = new();
    private readonly List<TKey> _keys = [];
    private readonly List<int> _keyGroups = [];
    private TEntry[] _entries = new TEntry[256];
    private long[] _timestamps = new long[256];
    private int[] _keyIds = new int[256];
    private int _count;

    public int Count => _count;

    /// <param name="keyGroup">The key group the producer computed, or -1 (the operator computes it).</param>
    public void Add(TKey key, int keyGroup, long timestamp, TEntry entry)
    {
        if (!_ids.TryGetValue(key, out var id))
        {
            id = _keys.Count;
            _ids.Add(key, id);
            _keys.Add(key);
            _keyGroups.Add(keyGroup);
        }
        if (_count == _entries.Length) Grow();
        _entries[_count] = entry;
        _timestamps[_count] = timestamp;
        _keyIds[_count] = id;
        _count++;
    }

    /// <summary>
    /// Hands every entry to <paramref name="process"/> key by key, calling <paramref name="endKey"/> after each key's
    /// last entry, then empties the buffer.
    /// </summary>
    public void Drain(Action<TKey, int, TEntry> process, Action endKey)
    {
        var order = GroupByKey();
        var start = 0;
        for (var id = 0; id < _keys.Count; id++)
        {
            var end = start;
            while (end < order.Length && _keyIds[order[end]] == id) end++;
            SortByTimestamp(order, start, end - start);
            var key = _keys[id];
            var keyGroup = _keyGroups[id];
            for (var i = start; i < end; i++)
            {
                var index = order[i];
                var entry = _entries[index];
                _entries[index] = default!;
                process(key, keyGroup, entry);
            }
            endKey();
            start = end;
        }
        Reset();
    }

    /// <summary>Entry indexes ordered by key id (a counting sort: stable, so each key's entries stay in arrival order).</summary>
    private int[] GroupByKey()
    {
        var offsets = new int[_keys.Count + 1];
        for (var i = 0; i < _count; i++) offsets[_keyIds[i] + 1]++;
        for (var k = 1; k < offsets.Length; k++) offsets[k] += offsets[k - 1];
        var order = new int[_count];
        for (var i = 0; i < _count; i++) order[offsets[_keyIds[i]]++] = i;
        return order;
    }

    private void SortByTimestamp(int[] order, int start, int length)
    {
        for (var i = start + 1; i < start + length; i++)
        {
            if (_timestamps[order[i]] >= _timestamps[order[i - 1]]) continue;
            // Out of order: sort the key's records by timestamp, arrival order breaking ties (indexes grow with arrival).
            Array.Sort(order, start, length, Comparer<int>.Create((a, b) =>
            {
                var byTime = _timestamps[a].CompareTo(_timestamps[b]);
                return byTime != 0 ? byTime : a.CompareTo(b);
            }));
            return;
        }
    }

    private void Grow()
    {
        var size = _entries.Length * 2;
        Array.Resize(ref _entries, size);
        Array.Resize(ref _timestamps, size);
        Array.Resize(ref _keyIds, size);
    }

    private void Reset()
    {
        _ids.Clear();
        _keys.Clear();
        _keyGroups.Clear();
        _entries = new TEntry[256];
        _timestamps = new long[256];
        _keyIds = new int[256];
        _count = 0;
    }
}
