namespace Brook.Runtime.Failover;

/// <summary>
/// Restarts with a backoff that starts at the initial backoff and grows by the multiplier up to the maximum, with
/// ± jitter (Flink 2.x's ExponentialDelayRestartBackoffTimeStrategy). Failures that arrive before the pending restart
/// happened are merged into that attempt; a failure at least the reset threshold after the last scheduled restart
/// starts over at the initial backoff and resets the attempt count. It gives up after
/// <c>attemptsBeforeResetBackoff</c> attempts without such a reset.
/// </summary>
internal sealed class ExponentialDelayRestartBackoffTimeStrategy : IRestartBackoffTimeStrategy
{
    private const long NoRestartScheduled = int.MinValue;

    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly long _initialBackoffMs;
    private readonly long _maxBackoffMs;
    private readonly double _multiplier;
    private readonly long _resetThresholdMs;
    private readonly double _jitterFactor;
    private readonly int _attemptsBeforeReset;
    private int _currentAttempt;
    private long _nextRestartTimestamp = NoRestartScheduled;

    public ExponentialDelayRestartBackoffTimeStrategy(TimeProvider time, long initialBackoffMs, long maxBackoffMs, double multiplier, long resetThresholdMs,
        double jitterFactor, int attemptsBeforeReset, Random? random = null)
    {
        if (initialBackoffMs < 1) throw new ArgumentException("Initial backoff must be at least 1.", nameof(initialBackoffMs));
        if (maxBackoffMs < 1) throw new ArgumentException("Maximum backoff must be at least 1.", nameof(maxBackoffMs));
        if (initialBackoffMs > maxBackoffMs) throw new ArgumentException("Initial backoff cannot be higher than maximum backoff.", nameof(initialBackoffMs));
        if (!(multiplier > 1)) throw new ArgumentException("Backoff multiplier must be greater than 1.", nameof(multiplier));
        if (resetThresholdMs < 1) throw new ArgumentException("Threshold duration for exponential backoff reset must be at least 1.", nameof(resetThresholdMs));
        if (jitterFactor is < 0 or > 1) throw new ArgumentException("Jitter factor must be >= 0 and <= 1.", nameof(jitterFactor));
        if (attemptsBeforeReset < 1) throw new ArgumentException("The attemptsBeforeResetBackoff must be at least 1.", nameof(attemptsBeforeReset));
        _time = time;
        _random = random ?? Random.Shared;
        _initialBackoffMs = initialBackoffMs;
        _maxBackoffMs = maxBackoffMs;
        _multiplier = multiplier;
        _resetThresholdMs = resetThresholdMs;
        _jitterFactor = jitterFactor;
        _attemptsBeforeReset = attemptsBeforeReset;
    }

    public bool CanRestart() => _currentAttempt <= _attemptsBeforeReset;

    public long GetBackoffTime()
    {
        if (_nextRestartTimestamp == NoRestartScheduled) throw new InvalidOperationException("Please call NotifyFailure first.");
        return Math.Max(0, _nextRestartTimestamp - Now());
    }

    public bool NotifyFailure(Exception cause)
    {
        var now = Now();
        // Failures before the scheduled restart belong to the attempt already under way.
        if (now <= _nextRestartTimestamp) return false;
        if (now - _nextRestartTimestamp >= _resetThresholdMs) _currentAttempt = 0;
        _nextRestartTimestamp = now + ActualBackoff();
        _currentAttempt++;
        return true;
    }

    private long ActualBackoff()
    {
        // Capped far above any max backoff so that adding the jitter cannot overflow after many attempts.
        var backoff = (long)Math.Min(_initialBackoffMs * Math.Pow(_multiplier, _currentAttempt), long.MaxValue / 4);
        return Math.Max(_initialBackoffMs, Math.Min(backoff + Jitter(backoff), _maxBackoffMs));
    }

    /// <summary>A random offset in [-jitter × backoff, +jitter × backoff], so jobs failing together do not restart together.</summary>
    private long Jitter(long backoff)
    {
        if (_jitterFactor == 0) return 0;
        var offset = (long)(backoff * _jitterFactor);
        return _random.NextInt64(-offset, offset + 1);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public override string ToString() =>
        $"ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS={_initialBackoffMs}, maxBackoffMS={_maxBackoffMs}, backoffMultiplier={_multiplier}, " +
        $"resetBackoffThresholdMS={_resetThresholdMs}, jitterFactor={_jitterFactor}, attemptsBeforeResetBackoff={_attemptsBeforeReset}, " +
        $"currentRestartAttempt={_currentAttempt}, nextRestartTimestamp={_nextRestartTimestamp})";
}
