using Brook.Core.Configuration;
using Brook.Runtime.Metrics;
using Brook.Streaming;

namespace Brook.Runtime.Tests;

public sealed class ClosedMetricGroupTests
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

    [Fact]
    public void A_registry_nothing_dumps_neither_reads_nor_keeps_the_last_values_of_closed_groups()
    {
        var reads = 0;
        using var registry = new MetricRegistry(ScopeFormats.Default, TimeProvider.System) { KeepsLastValuesOfClosedGroups = false };
        var group = registry.CreateTaskManagerGroup("tm-1");
        group.Gauge("Reads", () => ++reads);
        Assert.Contains(registry.Dump(), d => d.Name == "Reads");
        group.Close();

        Assert.Equal(1, reads);
        Assert.Empty(registry.Dump());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_finished_tasks_metrics_wait_for_the_next_dump_only_where_something_dumps(bool metricsDumped)
    {
        await using var cluster = new MiniCluster.MiniCluster(new Configuration(), null, null, metricsDumped);
        var env = StreamExecutionEnvironment.Create(new ClusterExecutor(cluster)).SetParallelism(1);
        var sink = new CollectSink<long>();
        env.FromSequence(1, 100).Map(x => x * 2).SinkTo(sink);
        await env.ExecuteAsync("metrics of a finished job").WaitAsync(Env.Timeout);

        // The task's and its operators' groups closed with the task: their metrics are in the dump only as kept last values.
        var taskMetrics = cluster.MetricRegistry.Dump().Where(d => d.Scope.Category is QueryScopeCategory.Task or QueryScopeCategory.Operator).ToList();
        Assert.Equal(100, sink.Records.Count);
        if (metricsDumped) Assert.Contains(taskMetrics, d => d.Name == "numRecordsOut" && d.Value == "100");
        else Assert.Empty(taskMetrics);
    }
}
