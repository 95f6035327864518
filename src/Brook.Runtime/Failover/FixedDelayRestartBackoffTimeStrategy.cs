namespace Brook.Runtime.Failover;

/// <summary>
/// Restarts at most <c>maxAttempts</c> times, waiting a fixed delay before each (Flink's
/// FixedDelayRestartBackoffTimeStrategy): the failure after the last allowed restart fails the job.
/// </summary>
internal sealed class FixedDelayRestartBackoffTimeStrategy : IRestartBackoffTimeStrategy
{
    private readonly int _maxAttempts;
    private readonly long _backoffMs;
    private int _currentAttempt;

    public FixedDelayRestartBackoffTimeStrategy(int maxAttempts, long backoffMs)
    {
        if (maxAttempts < 0) throw new ArgumentException("Maximum number of restart attempts must be at least 0.", nameof(maxAttempts));
        if (backoffMs < 0) throw new ArgumentException("Backoff time between restart attempts must be at least 0 ms.", nameof(backoffMs));
        _maxAttempts = maxAttempts;
        _backoffMs = backoffMs;
    }

    public bool CanRestart() => _currentAttempt <= _maxAttempts;

    public long GetBackoffTime() => _backoffMs;

    public bool NotifyFailure(Exception cause)
    {
        _currentAttempt++;
        return true;
    }

    public override string ToString() => $"FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts={_maxAttempts}, backoffTimeMS={_backoffMs})";
}
