namespace Brook.Runtime.Failover;

/// <summary>
/// Restarts unless more than <c>maxFailuresPerInterval</c> failures happened within the interval (Flink's
/// FailureRateRestartBackoffTimeStrategy): it keeps the latest max+1 failure times and gives up when the
/// oldest of them is no more than the interval ago.
/// </summary>
internal sealed class FailureRateRestartBackoffTimeStrategy : IRestartBackoffTimeStrategy
{
    private readonly TimeProvider _time;
    private readonly int _maxFailuresPerInterval;
    private readonly long _intervalMs;
    private readonly long _backoffMs;
    private readonly Queue<long> _failureTimestamps;

    public FailureRateRestartBackoffTimeStrategy(TimeProvider time, int maxFailuresPerInterval, long intervalMs, long backoffMs)
    {
        if (maxFailuresPerInterval <= 0) throw new ArgumentException("Maximum number of restart attempts per time unit must be greater than 0.", nameof(maxFailuresPerInterval));
        if (intervalMs <= 0) throw new ArgumentException("Failures interval must be greater than 0 ms.", nameof(intervalMs));
        if (backoffMs < 0) throw new ArgumentException("Backoff time must be at least 0 ms.", nameof(backoffMs));
        _time = time;
        _maxFailuresPerInterval = maxFailuresPerInterval;
        _intervalMs = intervalMs;
        _backoffMs = backoffMs;
        _failureTimestamps = new Queue<long>(maxFailuresPerInterval + 1);
    }

    public bool CanRestart() => !IsQueueFull || Now() - _failureTimestamps.Peek() > _intervalMs;

    public long GetBackoffTime() => _backoffMs;

    public bool NotifyFailure(Exception cause)
    {
        if (IsQueueFull) _failureTimestamps.Dequeue();
        _failureTimestamps.Enqueue(Now());
        return true;
    }

    private bool IsQueueFull => _failureTimestamps.Count > _maxFailuresPerInterval;

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public override string ToString() =>
        $"FailureRateRestartBackoffTimeStrategy(failuresIntervalMS={_intervalMs},backoffTimeMS={_backoffMs},maxFailuresPerInterval={_maxFailuresPerInterval})";
}
