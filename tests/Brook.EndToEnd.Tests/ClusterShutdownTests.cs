using System.Net;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>DELETE /cluster answers first, then the cluster shuts down.</summary>
public sealed class ClusterShutdownTests : IAsyncLifetime
{
    private readonly LocalClusterFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task Delete_cluster_answers_then_requests_shutdown()
    {
        Assert.False(_fixture.Cluster.ShutdownRequested.IsCompleted);
        using var response = await _fixture.Http.DeleteAsync("/cluster");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        await _fixture.Cluster.ShutdownRequested.WaitAsync(TimeSpan.FromSeconds(10));
        await _fixture.Cluster.DisposeAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => _fixture.Http.GetAsync("/overview"));
    }
}
