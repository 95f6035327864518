using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Cluster.Tests.Recovery;
using Brook.TestSupport;

namespace Brook.Cluster.Tests.Checkpoints;

/// <summary>
/// A local cluster whose checkpoint statistics keep the latest three checkpoints (web.checkpoints.history) and whose
/// jobs restart once, at once, after a failure.
/// </summary>
public sealed class CheckpointClusterFixture : RecoveryClusterFixture
{
    public const int HistorySize = 3;

    protected override void Configure(Configuration config)
    {
        base.Configure(config);
        config.Set(CoreOptions.WebCheckpointsHistory, HistorySize);
    }

    /// <summary>POSTs a checkpoint trigger (no body when null) and returns the request id, validated against the schema.</summary>
    public async Task<string> TriggerAsync(JobId job, string? body)
    {
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync($"/jobs/{job}/checkpoints", content);
        var json = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /jobs/{job}/checkpoints: {(int)response.StatusCode} {json}");
        OpenApiValidator.Default.AssertMatches("POST", "/jobs/:jobid/checkpoints", 202, json);
        return (string)JsonNode.Parse(json)!["request-id"]!;
    }

    public Task<JsonNode> StatusAsync(JobId job, string triggerId) =>
        GetAsync($"/jobs/{job}/checkpoints/{triggerId}", "/jobs/:jobid/checkpoints/:triggerid");

    /// <summary>Sends a request that must fail with <paramref name="status"/>; returns the first error text.</summary>
    public async Task<string> ErrorAsync(HttpMethod method, string url, HttpStatusCode status, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await Http.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        Xunit.Assert.True(response.StatusCode == status, $"{method} {url}: expected {(int)status}, got {(int)response.StatusCode}: {json}");
        return (string)JsonNode.Parse(json)!["errors"]![0]!;
    }
}
