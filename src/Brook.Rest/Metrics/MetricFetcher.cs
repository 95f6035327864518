using Brook.Rest.Gateway;

namespace Brook.Rest.Metrics;

/// <summary>
/// Flink's MetricFetcher: keeps the MetricStore and refreshes it from the cluster's metric dump at most once per
/// <c>metrics.fetcher.update-interval</c> (0: on every request). Requests in between read the last store.
/// </summary>
public sealed class MetricFetcher(IRestfulGateway gateway, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly MetricStore _store = new();
    private long _lastUpdate = -1;

    /// <summary>When the store was last refreshed (epoch ms; -1 never).</summary>
    public long LastUpdateTime
    {
        get
        {
            lock (_lock) return _lastUpdate;
        }
    }

    /// <summary>The last refresh time, for code already running inside <see cref="Read{T}"/>.</summary>
    internal long LastUpdateTimeUnlocked => _lastUpdate;

    /// <summary>Refreshes if the interval has passed, then runs <paramref name="read"/> on the store under the fetcher's lock.</summary>
    public T Read<T>(Func<MetricStore, T> read)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (_lastUpdate < 0 || now - _lastUpdate >= (long)gateway.MetricFetcherUpdateInterval.TotalMilliseconds)
            {
                Fetch();
                _lastUpdate = now;
            }
            return read(_store);
        }
    }

    private void Fetch()
    {
        _store.RetainJobs(gateway.RequestJobs().Select(j => j.Id.Hex).ToHashSet(StringComparer.Ordinal));
        _store.RetainTaskManagers(gateway.RequestTaskManagers().Select(t => t.Registration.Id.Hex).ToHashSet(StringComparer.Ordinal));
        foreach (var dump in gateway.RequestMetricDump()) _store.Add(dump);
    }
}
