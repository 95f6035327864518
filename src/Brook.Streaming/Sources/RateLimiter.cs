namespace Brook.Streaming.Sources;

/// <summary>
/// Limits emission to a rate on the reader's TimeProvider: grants permits as time passes and tells the
/// reader when the next one is due, so a rate-limited reader waits without blocking its task.
/// </summary>
public sealed class RateLimiter(double permitsPerSecond, TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();
    private long _granted;

    /// <summary>Takes up to <paramref name="wanted"/> permits available now.</summary>
    public int TryAcquire(int wanted)
    {
        var elapsed = time.GetElapsedTime(_start).TotalSeconds;
        var allowed = (long)Math.Floor(elapsed * permitsPerSecond) + 1;
        var free = allowed - _granted;
        if (free <= 0) return 0;
        var n = (int)Math.Min(free, wanted);
        _granted += n;
        return n;
    }

    /// <summary>Completes when the next permit is due.</summary>
    public Task WhenNextPermit()
    {
        var dueSeconds = _granted / permitsPerSecond;
        var wait = TimeSpan.FromSeconds(dueSeconds) - time.GetElapsedTime(_start);
        if (wait <= TimeSpan.Zero) return Task.CompletedTask;
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ITimer? timer = null;
        timer = time.CreateTimer(_ =>
        {
            tcs.TrySetResult();
            timer?.Dispose();
        }, null, wait, Timeout.InfiniteTimeSpan);
        return tcs.Task;
    }
}
