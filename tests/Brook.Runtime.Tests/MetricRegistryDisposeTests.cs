using Brook.Runtime.Metrics;

namespace Brook.Runtime.Tests;

public sealed class MetricRegistryDisposeTests
{
    [Fact]
    public void A_closing_group_hands_its_last_values_to_the_next_dump_until_the_registry_is_disposed()
    {
        var reads = 0;
        using var registry = new MetricRegistry(ScopeFormats.Default, TimeProvider.System);
        var running = registry.CreateTaskManagerGroup("tm-1");
        running.Gauge("Reads", () => ++reads);
        running.Close();
        Assert.Contains(registry.Dump(), d => d.Name == "Reads" && d.Value == "1");

        var shutDown = registry.CreateTaskManagerGroup("tm-2");
        shutDown.Gauge("Reads", () => ++reads);
        registry.Dispose();
        shutDown.Close();

        // The gauge of the group closed after the registry was not read again: nothing could see the value.
        Assert.Equal(1, reads);
        Assert.Empty(registry.Dump());
    }
}
