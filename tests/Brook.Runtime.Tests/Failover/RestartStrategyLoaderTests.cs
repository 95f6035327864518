using Brook.Core.Configuration;
using Brook.Runtime.Failover;

namespace Brook.Runtime.Tests.Failover;

public sealed class RestartStrategyLoaderTests
{
    private static IRestartBackoffTimeStrategy Load(Configuration job, Configuration? cluster = null, bool checkpointing = false) =>
        RestartBackoffTimeStrategyFactoryLoader.CreateFactory(job, cluster ?? new Configuration(), checkpointing, TimeProvider.System)();

    [Fact]
    public void WithoutConfigurationTheDefaultIsNoneOrExponentialDelayWhenCheckpointing()
    {
        Assert.IsType<NoRestartBackoffTimeStrategy>(Load(new Configuration()));
        var withCheckpoints = Assert.IsType<ExponentialDelayRestartBackoffTimeStrategy>(Load(new Configuration(), checkpointing: true));
        Assert.Contains("initialBackoffMS=1000, maxBackoffMS=60000, backoffMultiplier=1.5, resetBackoffThresholdMS=3600000, jitterFactor=0.1, " +
            $"attemptsBeforeResetBackoff={int.MaxValue}", withCheckpoints.ToString());
    }

    [Theory]
    [InlineData("none", typeof(NoRestartBackoffTimeStrategy))]
    [InlineData("OFF", typeof(NoRestartBackoffTimeStrategy))]
    [InlineData("disable", typeof(NoRestartBackoffTimeStrategy))]
    [InlineData("fixed-delay", typeof(FixedDelayRestartBackoffTimeStrategy))]
    [InlineData("fixeddelay", typeof(FixedDelayRestartBackoffTimeStrategy))]
    [InlineData("failure-rate", typeof(FailureRateRestartBackoffTimeStrategy))]
    [InlineData("failurerate", typeof(FailureRateRestartBackoffTimeStrategy))]
    [InlineData("exponential-delay", typeof(ExponentialDelayRestartBackoffTimeStrategy))]
    [InlineData("exponentialdelay", typeof(ExponentialDelayRestartBackoffTimeStrategy))]
    public void EveryNameFlinkAcceptsSelectsItsStrategy(string name, Type expected) =>
        Assert.IsType(expected, Load(new Configuration().SetRaw("restart-strategy.type", name)));

    [Fact]
    public void TheJobsStrategyWinsOverTheClustersAndTheDeprecatedKeyIsRead()
    {
        var cluster = new Configuration().SetRaw("restart-strategy.type", "fixed-delay");
        Assert.IsType<FailureRateRestartBackoffTimeStrategy>(Load(new Configuration().SetRaw("restart-strategy", "failure-rate"), cluster));
        Assert.IsType<FixedDelayRestartBackoffTimeStrategy>(Load(new Configuration(), cluster, checkpointing: true));
    }

    [Fact]
    public void ParametersComeFromTheConfiguration()
    {
        var strategy = Load(new Configuration().SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "2").SetRaw("restart-strategy.fixed-delay.delay", "3 s"));
        Assert.Equal("FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=2, backoffTimeMS=3000)", strategy.ToString());
        var rate = Load(new Configuration().SetRaw("restart-strategy.type", "failure-rate")
            .SetRaw("restart-strategy.failure-rate.max-failures-per-interval", "4").SetRaw("restart-strategy.failure-rate.failure-rate-interval", "5 min")
            .SetRaw("restart-strategy.failure-rate.delay", "20 ms"));
        Assert.Equal("FailureRateRestartBackoffTimeStrategy(failuresIntervalMS=300000,backoffTimeMS=20,maxFailuresPerInterval=4)", rate.ToString());
    }

    [Fact]
    public void AnUnknownStrategyOrAnInvalidParameterIsAConfigurationError()
    {
        var unknown = Assert.Throws<ConfigurationException>(() => Load(new Configuration().SetRaw("restart-strategy.type", "sometimes")));
        Assert.Contains("restart-strategy.type", unknown.Message);
        Assert.Contains("sometimes is an unknown value of RestartStrategyType", unknown.Message);
        var negative = Assert.Throws<ConfigurationException>(() => Load(new Configuration().SetRaw("restart-strategy.type", "fixed-delay")
            .SetRaw("restart-strategy.fixed-delay.attempts", "-1")));
        Assert.Contains("at least 0", negative.Message);
        var unparsable = Assert.Throws<ConfigurationException>(() => Load(new Configuration().SetRaw("restart-strategy.type", "exponential-delay")
            .SetRaw("restart-strategy.exponential-delay.backoff-multiplier", "fast")));
        Assert.Contains("restart-strategy.exponential-delay.backoff-multiplier", unparsable.Message);
    }

    [Fact]
    public void TheJobConfigViewDescribesTheStrategyInFlinksWords()
    {
        Assert.Equal("Cluster level default restart strategy", RestartBackoffTimeStrategyFactoryLoader.Describe(new Configuration()));
        Assert.Equal("Restart deactivated.", RestartBackoffTimeStrategyFactoryLoader.Describe(new Configuration().SetRaw("restart-strategy.type", "none")));
        Assert.Equal("Restart with fixed delay (PT10S). #3 restart attempts.", RestartBackoffTimeStrategyFactoryLoader.Describe(new Configuration()
            .SetRaw("restart-strategy.type", "fixed-delay").SetRaw("restart-strategy.fixed-delay.attempts", "3").SetRaw("restart-strategy.fixed-delay.delay", "10 s")));
        Assert.Equal("Failure rate restart with maximum of 1 failures within interval PT1M and fixed delay PT1S.",
            RestartBackoffTimeStrategyFactoryLoader.Describe(new Configuration().SetRaw("restart-strategy.type", "failure-rate")));
        Assert.Equal("Restart with exponential delay: starting at PT1S, increasing by 1.500000, with maximum PT1M. Delay resets after PT1H with jitter 0.100000",
            RestartBackoffTimeStrategyFactoryLoader.Describe(new Configuration().SetRaw("restart-strategy.type", "exponential-delay")));
        Assert.Equal("PT1M30.5S", RestartBackoffTimeStrategyFactoryLoader.JavaDuration(TimeSpan.FromSeconds(90.5)));
    }
}
