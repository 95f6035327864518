using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Brook.Cluster;
using Brook.Core.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Brook.Cluster.Tests;

/// <summary>A TaskManager that stops heartbeating is dropped after heartbeat.timeout, and the REST API stops listing it.</summary>
public sealed class TaskManagerHeartbeatTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private readonly string _logDir = Path.Combine(Path.GetTempPath(), "brook-hb-" + Guid.NewGuid().ToString("N"));
    private LocalCluster _cluster = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var config = new Configuration()
            .Set(CoreOptions.RestPort, 0)
            .Set(CoreOptions.HeartbeatInterval, TimeSpan.FromSeconds(10))
            .Set(CoreOptions.HeartbeatTimeout, TimeSpan.FromSeconds(50))
            .SetRaw(CoreOptions.LogDir.Key, _logDir);
        _cluster = await LocalCluster.StartAsync(config, new LocalClusterOptions(NumberOfTaskManagers: 2, Time: _time));
        _http = new HttpClient { BaseAddress = _cluster.RestAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
        Directory.Delete(_logDir, recursive: true);
    }

    private async Task<int> TaskManagersOnOverview() => (int)(await _http.GetFromJsonAsync<JsonNode>("/overview"))!["taskmanagers"]!;

    [Fact]
    public async Task A_silent_taskmanager_is_dropped_after_the_heartbeat_timeout_while_the_other_stays()
    {
        var silent = _cluster.TaskExecutors[0];
        var alive = _cluster.TaskExecutors[1];
        Assert.Equal(2, await TaskManagersOnOverview());
        silent.StopHeartbeats();

        // Up to the timeout, the silent TaskManager is still registered.
        for (var i = 0; i < 5; i++) _time.Advance(TimeSpan.FromSeconds(10));
        Assert.NotNull(_cluster.ResourceManager.Get(silent.Id));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(_cluster.ResourceManager.Get(silent.Id));
        Assert.NotNull(_cluster.ResourceManager.Get(alive.Id));
        Assert.Equal(1, await TaskManagersOnOverview());
        using var gone = await _http.GetAsync($"/taskmanagers/{silent.Id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);

        // The heartbeat timestamp the REST API reports moves with the clock.
        var tm = await _http.GetFromJsonAsync<JsonNode>($"/taskmanagers/{alive.Id}");
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), (long)tm!["timeSinceLastHeartbeat"]!);
    }
}
