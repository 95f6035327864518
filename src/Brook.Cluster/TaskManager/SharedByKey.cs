namespace Brook.Cluster.TaskManager;

/// <summary>
/// Values made once per key and shared by every holder of a lease on that key, as Flink's TaskManager shares a job's blobs
/// and class loader between the job's tasks by reference counting. Concurrent first acquisitions share one creation; a failed
/// creation is forgotten, so the next acquisition tries again; when the last lease ends the value is released at once (or,
/// if its creation is still under way because every waiter gave up, as soon as it is made).
/// </summary>
internal sealed class SharedByKey<TKey, TValue>(Action<TValue> release) where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, Entry> _entries = new();

    /// <summary>Keys with a value made or being made.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    /// <summary>
    /// A lease on the key's value, made with <paramref name="create"/> (on a pool thread) unless it exists or is being made.
    /// The token ends only this caller's wait: others may be waiting for the same creation.
    /// </summary>
    public async Task<Lease> AcquireAsync(TKey key, Func<TKey, Task<TValue>> create, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry(key);
                _entries[key] = entry;
                entry.Value = Task.Run(() => create(key));
                entry.Value.ContinueWith(_ => Forget(entry), CancellationToken.None,
                    TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
            entry.Holders++;
        }
        try
        {
            return new Lease(this, entry, await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch
        {
            Release(entry);
            throw;
        }
    }

    private void Forget(Entry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Key, out var current) && current == entry) _entries.Remove(entry.Key);
        }
    }

    private void Release(Entry entry)
    {
        lock (_lock)
        {
            if (--entry.Holders > 0) return;
            if (_entries.TryGetValue(entry.Key, out var current) && current == entry) _entries.Remove(entry.Key);
        }
        if (entry.Value.IsCompletedSuccessfully)
        {
            release(entry.Value.Result);
            return;
        }
        entry.Value.ContinueWith(t => release(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    internal sealed class Entry(TKey key)
    {
        public TKey Key { get; } = key;

        public Task<TValue> Value { get; set; } = null!;

        public int Holders { get; set; }
    }

    /// <summary>One holder's use of a shared value; disposing it ends the use (once).</summary>
    public sealed class Lease : IDisposable
    {
        private readonly SharedByKey<TKey, TValue> _owner;
        private readonly Entry _entry;
        private int _disposed;

        internal Lease(SharedByKey<TKey, TValue> owner, Entry entry, TValue value)
        {
            _owner = owner;
            _entry = entry;
            Value = value;
        }

        public TValue Value { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _owner.Release(_entry);
        }
    }
}
