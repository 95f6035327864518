using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Brook.Cluster.Tests.Recovery;
using Brook.Core.Ids;
using Brook.TestSupport;

namespace Brook.Cluster.Tests.Rescaling;

/// <summary>A local cluster of 2 TaskManagers × 2 slots (default scheduler) for live rescaling through REST.</summary>
public class RescalingClusterFixture : RecoveryClusterFixture, IAsyncLifetime
{
    public readonly string OutputRoot = Path.Combine(Path.GetTempPath(), "brook-rescaling-" + Guid.NewGuid().ToString("N"));

    /// <summary>PATCH /jobs/:jobid/rescaling; returns the request id, the body held against the schema.</summary>
    public async Task<string> RescaleAsync(JobId job, int parallelism)
    {
        var json = await SendAndValidateAsync(HttpMethod.Patch, $"/jobs/{job}/rescaling?parallelism={parallelism}", "/jobs/:jobid/rescaling", HttpStatusCode.OK);
        return (string)JsonNode.Parse(json)!["request-id"]!;
    }

    /// <summary>Waits until the rescale's status is COMPLETED and returns its operation (validated against the schema).</summary>
    public async Task<JsonNode> RescaleCompletedAsync(JobId job, string triggerId)
    {
        JsonNode? status = null;
        await Progress.UntilAsync(async () =>
        {
            status = await GetAsync($"/jobs/{job}/rescaling/{triggerId}", "/jobs/:jobid/rescaling/:triggerid");
            return (string?)status["status"]?["id"] == "COMPLETED";
        }, "the rescale completed", Timeout);
        return status!["operation"]!;
    }

    /// <summary>Sends a JSON body that must succeed with 200 (the document defines no answer body: Flink sends EmptyResponseBody, <c>{}</c>).</summary>
    public async Task<string> SendJsonAsync(HttpMethod method, string url, string body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await Http.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {url}: expected 200, got {(int)response.StatusCode}: {json}");
        return json;
    }

    /// <summary>Sends a request that must fail with <paramref name="status"/>; returns the error texts.</summary>
    public async Task<JsonArray> ErrorAsync(HttpMethod method, string url, HttpStatusCode status, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await Http.SendAsync(request);
        var json = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{method} {url}: expected {(int)status}, got {(int)response.StatusCode}: {json}");
        return JsonNode.Parse(json)!["errors"]!.AsArray();
    }

    /// <summary>Each vertex's parallelism as GET /jobs/:jobid shows it (validated against the schema), by name.</summary>
    public async Task<Dictionary<string, int>> VertexParallelismAsync(JobId job) =>
        (await GetAsync($"/jobs/{job}", "/jobs/:jobid"))["vertices"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => (int)v!["parallelism"]!);

    /// <summary>Each plan node's parallelism as GET /jobs/:jobid/plan shows it (validated against the schema).</summary>
    public async Task<List<int>> PlanParallelismAsync(JobId job) =>
        (await GetAsync($"/jobs/{job}/plan", "/jobs/:jobid/plan"))["plan"]!["nodes"]!.AsArray().Select(n => (int)n!["parallelism"]!).ToList();

    public async Task<string> JobStatusAsync(JobId job) => (string)(await GetAsync($"/jobs/{job}", "/jobs/:jobid"))["state"]!;

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(OutputRoot)) Directory.Delete(OutputRoot, recursive: true);
    }
}
