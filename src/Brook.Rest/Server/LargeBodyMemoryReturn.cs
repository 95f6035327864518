namespace Brook.Rest.Server;

/// <summary>
/// Gives the memory of large request bodies back to the operating system once they have been answered. The GC
/// frees memory only when it collects, and a server idle after a burst of large bodies does not collect, so the
/// process would keep its peak size. When the last large body of a burst is released, one aggressive (compacting,
/// decommitting) collection runs; at most one per interval, so a stream of large bodies is not a stream of full
/// collections pausing the jobs.
/// </summary>
internal sealed class LargeBodyMemoryReturn : IDisposable
{
    /// <summary>Bodies from this size on count as large.</summary>
    public const long LargeBodyBytes = 16L << 20;

    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    private readonly Timer _timer;
    private long _lastCollection = long.MinValue / 2;
    private int _scheduled;

    public LargeBodyMemoryReturn() => _timer = new Timer(_ => Collect());

    /// <summary>Raised after each collection.</summary>
    public event Action? Collected;

    public void Request()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 1) return;
        var wait = Interlocked.Read(ref _lastCollection) + (long)MinInterval.TotalMilliseconds - Environment.TickCount64;
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(0, wait)), Timeout.InfiniteTimeSpan);
    }

    private void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Exchange(ref _lastCollection, Environment.TickCount64);
        Volatile.Write(ref _scheduled, 0);
        Collected?.Invoke();
    }

    public void Dispose() => _timer.Dispose();
}
