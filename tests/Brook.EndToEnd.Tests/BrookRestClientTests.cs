using Brook.Client;
using Brook.Core.Ids;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>The typed client reads the same bodies the server writes.</summary>
public sealed class BrookRestClientTests(LocalClusterFixture fixture) : IClassFixture<LocalClusterFixture>
{
    private BrookRestClient Client => new(fixture.Http);

    [Fact]
    public async Task Reads_overview_config_and_taskmanagers()
    {
        var overview = await Client.GetOverviewAsync();
        Assert.Equal((2, 4), (overview.TaskManagers, overview.SlotsTotal));
        Assert.Equal("2.1.0", (await Client.GetConfigAsync()).FlinkVersion);
        var tms = await Client.GetTaskManagersAsync();
        Assert.Equal(fixture.Cluster.TaskExecutors.Select(t => t.Id.Hex).Order(), tms.TaskManagers.Select(t => t.Id).Order());
        var details = await Client.GetTaskManagerAsync(fixture.Cluster.TaskExecutors[0].Id);
        Assert.Equal(fixture.Cluster.TaskExecutors[0].Id.Hex, details.Id);
        Assert.Empty((await Client.GetJobsAsync()).Jobs);
    }

    [Fact]
    public async Task Failures_carry_the_status_and_errors()
    {
        var e = await Assert.ThrowsAsync<BrookRestException>(() => Client.GetTaskManagerAsync(ResourceId.Generate()));
        Assert.Equal(404, e.Status);
        Assert.StartsWith("org.apache.flink.runtime.rest.NotFoundException", e.Errors[0]);
    }
}
