using Brook.Core.Configuration;
using Brook.Runtime.Network;

namespace Brook.Runtime.Tests;

public sealed class LocalChannelSizingTests
{
    private static readonly LocalChannelSizing Defaults = LocalChannelSizing.From(new Configuration());

    private sealed record Event(long Id, string Channel);

    private readonly record struct Wide(long A, long B, long C, long D);

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 6)]
    [InlineData(3, 4)]
    [InlineData(8, 3)]
    [InlineData(100, 2)]
    public void Rings_of_small_values_take_an_equal_share_of_the_floating_buffers(int subpartitions, int buffers)
    {
        Assert.Equal(buffers, Defaults.Capacity<long>(subpartitions));
        Assert.Equal(buffers, Defaults.Capacity<(long, long)>(subpartitions));
    }

    [Fact]
    public void Rings_of_references_or_of_buffers_larger_than_a_segment_keep_buffers_per_channel()
    {
        Assert.Equal(2, Defaults.Capacity<Event>(2));
        Assert.Equal(2, Defaults.Capacity<string>(1));
        // 1024 records of 40 B (32 B and the timestamp) are more than a 32 KiB segment.
        Assert.Equal(2, Defaults.Capacity<Wide>(2));
        Assert.Equal(6, (Defaults with { RecordsPerBuffer = 512 }).Capacity<Wide>(2));
    }

    [Fact]
    public void The_settings_bound_the_ring_both_ways()
    {
        Assert.Equal(12, (Defaults with { BuffersPerChannel = 12 }).Capacity<long>(1));
        Assert.Equal(4, (Defaults with { MaxBuffersPerChannel = 4 }).Capacity<long>(1));
        Assert.Equal(2, (Defaults with { FloatingBuffersPerGate = 0 }).Capacity<long>(1));
    }
}
