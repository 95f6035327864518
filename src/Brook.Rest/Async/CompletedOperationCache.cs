using Brook.Core.Configuration;

namespace Brook.Rest.Async;

/// <summary>
/// Flink's CompletedOperationCache: keeps asynchronous operations (savepoints, checkpoints, disposal, rescaling,
/// data set deletion) while they run and their results for rest.async.store-duration after they complete
/// (0 keeps them forever). Registration is idempotent per key, so a client retrying a trigger with the same
/// trigger id does not start the operation twice.
/// </summary>
public sealed class CompletedOperationCache<TKey, TResult> where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _storeDuration;

    public CompletedOperationCache(TimeSpan storeDuration, TimeProvider time)
    {
        if (storeDuration < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(storeDuration), "The store duration cannot be negative.");
        _storeDuration = storeDuration;
        _time = time;
    }

    public CompletedOperationCache(Configuration config, TimeProvider time) : this(config.Get(CoreOptions.RestAsyncStoreDuration), time)
    {
    }

    /// <summary>
    /// Starts the operation unless one is already registered under the key (running, or completed and not yet expired).
    /// Returns true if this call started it.
    /// </summary>
    public bool TryRegister(TKey key, Func<Task<TResult>> start)
    {
        Entry entry;
        lock (_lock)
        {
            ExpireLocked();
            if (_entries.ContainsKey(key)) return false;
            entry = new Entry();
            _entries[key] = entry;
        }
        Task<TResult> operation;
        try
        {
            operation = start();
        }
        catch (Exception e)
        {
            operation = Task.FromException<TResult>(e);
        }
        operation.ContinueWith(t => Complete(entry, t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    public bool Contains(TKey key)
    {
        lock (_lock)
        {
            ExpireLocked();
            return _entries.ContainsKey(key);
        }
    }

    /// <summary>The operation's state, or null if no operation is known under the key (never registered, or expired).</summary>
    public OperationResult<TResult>? Get(TKey key)
    {
        lock (_lock)
        {
            ExpireLocked();
            return _entries.TryGetValue(key, out var e) ? e.Result : null;
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                ExpireLocked();
                return _entries.Count;
            }
        }
    }

    private void Complete(Entry entry, Task<TResult> task)
    {
        var result = task.Status == TaskStatus.RanToCompletion
            ? OperationResult<TResult>.Success(task.Result)
            : OperationResult<TResult>.Failed(task.Exception?.InnerExceptions.Count == 1 ? task.Exception.InnerException! : (Exception?)task.Exception
                                              ?? new OperationCanceledException("The operation was cancelled."));
        lock (_lock)
        {
            entry.Result = result;
            entry.CompletedAt = _time.GetUtcNow();
        }
    }

    private void ExpireLocked()
    {
        if (_storeDuration == TimeSpan.Zero) return;
        var now = _time.GetUtcNow();
        List<TKey>? expired = null;
        foreach (var (key, e) in _entries)
        {
            if (e.CompletedAt is { } at && now - at >= _storeDuration) (expired ??= []).Add(key);
        }
        if (expired is null) return;
        foreach (var key in expired) _entries.Remove(key);
    }

    private sealed class Entry
    {
        public OperationResult<TResult> Result { get; set; } = OperationResult<TResult>.InProgress;

        public DateTimeOffset? CompletedAt { get; set; }
    }
}
