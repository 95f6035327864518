using Brook.Runtime.Failover;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Runtime.Tests.Failover;

public sealed class RestartStrategyTests
{
    private static readonly Exception Failure = new InvalidOperationException("boom");

    [Fact]
    public void NoRestartGivesUpAtTheFirstFailure()
    {
        var strategy = NoRestartBackoffTimeStrategy.Instance;
        strategy.NotifyFailure(Failure);
        Assert.False(strategy.CanRestart());
    }

    [Fact]
    public void FixedDelayRestartsExactlyAttemptsTimesWithItsDelay()
    {
        var strategy = new FixedDelayRestartBackoffTimeStrategy(3, 250);
        for (var i = 1; i <= 3; i++)
        {
            Assert.True(strategy.NotifyFailure(Failure));
            Assert.True(strategy.CanRestart(), $"restart {i} of 3");
            Assert.Equal(250, strategy.GetBackoffTime());
        }

        strategy.NotifyFailure(Failure);
        Assert.False(strategy.CanRestart());
    }

    [Fact]
    public void FixedDelayWithZeroAttemptsNeverRestartsAndNegativeValuesAreRefused()
    {
        var strategy = new FixedDelayRestartBackoffTimeStrategy(0, 0);
        strategy.NotifyFailure(Failure);
        Assert.False(strategy.CanRestart());
        Assert.Throws<ArgumentException>(() => new FixedDelayRestartBackoffTimeStrategy(-1, 0));
        Assert.Throws<ArgumentException>(() => new FixedDelayRestartBackoffTimeStrategy(1, -1));
    }

    [Fact]
    public void FailureRateGivesUpWhenMoreThanTheMaximumFailWithinTheInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var strategy = new FailureRateRestartBackoffTimeStrategy(time, 2, 10_000, 500);

        strategy.NotifyFailure(Failure);
        Assert.True(strategy.CanRestart());
        time.Advance(TimeSpan.FromSeconds(1));
        strategy.NotifyFailure(Failure);
        Assert.True(strategy.CanRestart());
        Assert.Equal(500, strategy.GetBackoffTime());
        time.Advance(TimeSpan.FromSeconds(1));
        strategy.NotifyFailure(Failure);

        Assert.False(strategy.CanRestart());
    }

    [Fact]
    public void FailureRateForgetsFailuresOlderThanTheInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var strategy = new FailureRateRestartBackoffTimeStrategy(time, 2, 10_000, 0);
        strategy.NotifyFailure(Failure);
        time.Advance(TimeSpan.FromSeconds(1));
        strategy.NotifyFailure(Failure);

        // The third failure comes 12 s after the first: only two fall within any 10 s.
        time.Advance(TimeSpan.FromSeconds(11));
        strategy.NotifyFailure(Failure);
        Assert.True(strategy.CanRestart());
        time.Advance(TimeSpan.FromSeconds(1));
        strategy.NotifyFailure(Failure);
        Assert.True(strategy.CanRestart());
        // Three within 2 s now.
        time.Advance(TimeSpan.FromSeconds(1));
        strategy.NotifyFailure(Failure);
        Assert.False(strategy.CanRestart());
    }

    [Fact]
    public void FailureRateCountsAFailureExactlyOneIntervalOldAsInside()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var strategy = new FailureRateRestartBackoffTimeStrategy(time, 1, 10_000, 0);
        strategy.NotifyFailure(Failure);
        time.Advance(TimeSpan.FromSeconds(10));
        strategy.NotifyFailure(Failure);
        Assert.False(strategy.CanRestart());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(strategy.CanRestart());
    }

    [Fact]
    public void ExponentialDelayGrowsByTheMultiplierUpToTheMaximum()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var strategy = new ExponentialDelayRestartBackoffTimeStrategy(time, 100, 1000, 2, 3_600_000, 0, int.MaxValue);
        var backoffs = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            Assert.True(strategy.NotifyFailure(Failure));
            Assert.True(strategy.CanRestart());
            var backoff = strategy.GetBackoffTime();
            backoffs.Add(backoff);
            // The restart happens after the backoff; the next failure comes a moment later.
            time.Advance(TimeSpan.FromMilliseconds(backoff + 1));
        }

        Assert.Equal([100, 200, 400, 800, 1000, 1000], backoffs);
    }

    [Fact]
    public void ExponentialDelayMergesFailuresBeforeThePendingRestartIntoOneAttempt()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var strategy = new ExponentialDelayRestartBackoffTimeStrategy(time, 1000, 60_000, 2, 3_600_000, 0, 1);

        Assert.True(strategy.NotifyFailure(Failure));
        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.False(strategy.NotifyFailure(Failure));
        Assert.True(strategy.CanRestart());
        Assert.Equal(600, strategy.GetBackoffTime());

        time.Advance(TimeSpan.FromMilliseconds(601));
        Assert.True(strategy.NotifyFailure(Failure));
        Assert.False(strategy.CanRestart());
    }

    [Fact]
    public void ExponentialDelayGivesUpAfterItsAttemptsUnlessTheJobRanLongEnoughToReset()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var exhausted = new ExponentialDelayRestartBackoffTimeStrategy(time, 100, 10_000, 2, 60_000, 0, 3);
        var resetting = new ExponentialDelayRestartBackoffTimeStrategy(time, 100, 10_000, 2, 60_000, 0, 3);
        for (var i = 0; i < 3; i++)
        {
            exhausted.NotifyFailure(Failure);
            resetting.NotifyFailure(Failure);
            Assert.True(exhausted.CanRestart());
            time.Advance(TimeSpan.FromMilliseconds(exhausted.GetBackoffTime() + 1));
        }

        exhausted.NotifyFailure(Failure);
        Assert.False(exhausted.CanRestart());

        // A job that ran for the reset threshold since its last restart starts over at the initial backoff with all attempts.
        time.Advance(TimeSpan.FromMinutes(1));
        resetting.NotifyFailure(Failure);
        Assert.True(resetting.CanRestart());
        Assert.Equal(100, resetting.GetBackoffTime());
    }

    [Fact]
    public void ExponentialDelayJitterStaysWithinItsShareOfTheBackoff()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));
        var seen = new HashSet<long>();
        for (var seed = 0; seed < 200; seed++)
        {
            var strategy = new ExponentialDelayRestartBackoffTimeStrategy(time, 1000, 60_000, 2, 3_600_000, 0.25, int.MaxValue, new Random(seed));
            strategy.NotifyFailure(Failure);
            time.Advance(TimeSpan.FromMilliseconds(strategy.GetBackoffTime() + 1));
            strategy.NotifyFailure(Failure);
            var backoff = strategy.GetBackoffTime();
            Assert.InRange(backoff, 1500, 2500);
            seen.Add(backoff);
        }
        Assert.True(seen.Count > 1, "the jitter varies the backoff");
    }

    [Fact]
    public void ExponentialDelayRefusesInvalidParameters()
    {
        var time = TimeProvider.System;
        Assert.Throws<ArgumentException>(() => new ExponentialDelayRestartBackoffTimeStrategy(time, 0, 10, 2, 10, 0, 1));
        Assert.Throws<ArgumentException>(() => new ExponentialDelayRestartBackoffTimeStrategy(time, 20, 10, 2, 10, 0, 1));
        Assert.Throws<ArgumentException>(() => new ExponentialDelayRestartBackoffTimeStrategy(time, 1, 10, 1, 10, 0, 1));
        Assert.Throws<ArgumentException>(() => new ExponentialDelayRestartBackoffTimeStrategy(time, 1, 10, 2, 10, 1.5, 1));
        Assert.Throws<ArgumentException>(() => new ExponentialDelayRestartBackoffTimeStrategy(time, 1, 10, 2, 10, 0, 0));
    }
}
