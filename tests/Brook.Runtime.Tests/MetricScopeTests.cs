using Brook.Core.Configuration;
using Brook.Runtime.Metrics;

namespace Brook.Runtime.Tests;

/// <summary>Metric groups' scopes: Flink's default formats, configured ones, variables, logical and query scopes.</summary>
public sealed class MetricScopeTests
{
    [Fact]
    public void Default_formats_give_flinks_identifiers_variables_and_query_scopes()
    {
        using var registry = new MetricRegistry(ScopeFormats.Default, TimeProvider.System);
        var tm = registry.CreateTaskManagerGroup("tm1");
        var job = registry.CreateTaskManagerJobGroup(tm, "j1", "myjob");
        var task = registry.CreateTaskGroup(job, "v1", "a1", "Map", 2, 1);
        var op = registry.CreateOperatorGroup(task, "o1", "Filter");
        var user = (MetricGroup)op.AddGroup("orders").AddGroup("region", "eu");

        Assert.Equal("localhost.taskmanager.tm1.myjob.Map.2.numRecordsIn", task.GetMetricIdentifier("numRecordsIn"));
        Assert.Equal("localhost.taskmanager.tm1.myjob.Filter.2.orders.region.eu.seen", user.GetMetricIdentifier("seen"));
        Assert.Equal("taskmanager.job.task.operator.orders.region", user.LogicalScope);
        Assert.Equal("eu", user.AllVariables["<region>"]);
        Assert.Equal("2", user.AllVariables["<subtask_index>"]);
        Assert.Equal(new QueryScopeInfo(QueryScopeCategory.Operator, "orders.region.eu", "tm1", "j1", "v1", 2, 1, "Filter"), user.QueryScope);
    }

    [Fact]
    public void Configured_formats_replace_the_defaults_and_a_star_continues_the_parent()
    {
        var config = new Configuration().SetRaw(ScopeFormats.TaskManagerKey, "tms.<tm_id>").SetRaw(ScopeFormats.TaskManagerJobKey, "*.<job_name>")
            .SetRaw(ScopeFormats.TaskKey, "*.<task_name>");
        using var registry = new MetricRegistry(ScopeFormats.FromConfiguration(config), TimeProvider.System);
        var job = registry.CreateTaskManagerJobGroup(registry.CreateTaskManagerGroup("tm1"), "j1", "myjob");
        var task = registry.CreateTaskGroup(job, "v1", "a1", "Map", 0, 0);
        Assert.Equal(["tms", "tm1", "myjob", "Map"], task.ScopeComponents);
        Assert.Equal("tms.tm1.myjob.Map.x", task.GetMetricIdentifier("x"));
    }

    [Fact]
    public void A_closed_group_leaves_the_registry_and_its_last_values_reach_the_next_dump_once()
    {
        using var registry = new MetricRegistry(ScopeFormats.Default, TimeProvider.System);
        var tm = registry.CreateTaskManagerGroup("tm1");
        var counter = tm.Counter("c");
        counter.Inc(7);
        tm.Close();
        Assert.Empty(registry.Metrics);
        Assert.Equal("7", Assert.Single(registry.Dump()).Value);
        Assert.Empty(registry.Dump());
    }
}

/// <summary>Flink's TimerGauge arithmetic over the measured time: ms per second over the filled part of a 60 s ring.</summary>
public sealed class TimerGaugeViewTests
{
    [Fact]
    public void The_value_averages_the_filled_windows_and_then_the_last_sixty_seconds()
    {
        long accumulated = 0;
        var gauge = new TimerGaugeView(() => accumulated);
        accumulated += 5000;
        gauge.Update();
        Assert.Equal(1000, gauge.Value);
        gauge.Update();
        Assert.Equal(500, gauge.Value);
        for (var i = 0; i < 11; i++) gauge.Update();
        // Twelve 5 s windows without a measured ms: the busy one has left the ring.
        Assert.Equal(0, gauge.Value);
        accumulated += 2500;
        gauge.Update();
        Assert.Equal(2500 / 60, gauge.Value);
    }
}
