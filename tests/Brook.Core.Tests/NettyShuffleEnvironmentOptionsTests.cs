using Brook.Core.Configuration;

namespace Brook.Core.Tests;

public sealed class NettyShuffleEnvironmentOptionsTests
{
    [Fact]
    public void TheDataPlaneOptionsHaveFlinksKeysAndDefaults()
    {
        var c = new Configuration.Configuration();
        Assert.Equal(0, c.Get(NettyShuffleEnvironmentOptions.DataPort));
        Assert.Equal(8, c.Get(NettyShuffleEnvironmentOptions.FloatingBuffersPerGate));
        Assert.Equal(10, c.Get(NettyShuffleEnvironmentOptions.MaxBuffersPerChannel));
        Assert.Equal(32 * 1024, c.Get(NettyShuffleEnvironmentOptions.SegmentSize));
        Assert.Equal("32 kb", NettyShuffleEnvironmentOptions.SegmentSize.DefaultAsString);
        Assert.Equal(TimeSpan.FromMilliseconds(100), c.Get(NettyShuffleEnvironmentOptions.RequestBackoffInitial));
        Assert.Equal(TimeSpan.FromSeconds(10), c.Get(NettyShuffleEnvironmentOptions.RequestBackoffMax));
        Assert.False(c.Get(NettyShuffleEnvironmentOptions.MiniClusterTcpExchange));

        c.SetRaw(NettyShuffleEnvironmentOptions.SegmentSize.Key, "64kb");
        c.SetRaw(NettyShuffleEnvironmentOptions.FloatingBuffersPerGate.Key, "0");
        c.Validate();
        Assert.Equal(64 * 1024, c.Get(NettyShuffleEnvironmentOptions.SegmentSize));
        Assert.Equal(0, c.Get(NettyShuffleEnvironmentOptions.FloatingBuffersPerGate));
    }

    [Theory]
    [InlineData("taskmanager.network.memory.floating-buffers-per-gate", "-1")]
    [InlineData("taskmanager.network.memory.max-buffers-per-channel", "0")]
    [InlineData("taskmanager.memory.segment-size", "64gb")]
    [InlineData("taskmanager.data.port", "70000")]
    [InlineData("taskmanager.network.request-backoff.initial", "0 ms")]
    [InlineData("taskmanager.network.request-backoff.max", "soon")]
    [InlineData("minicluster.network.tcp-exchange", "maybe")]
    public void AnInvalidValueFailsValidationNamingKeyAndValue(string key, string value)
    {
        var c = new Configuration.Configuration();
        c.SetRaw(key, value);
        var e = Assert.Throws<ConfigurationException>(c.Validate);
        Assert.Contains($"'{value}' for key '{key}'", e.Message);
    }
}
