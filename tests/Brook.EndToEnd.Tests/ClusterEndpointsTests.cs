using System.Net;
using System.Text.Json.Nodes;
using Brook.Rest;
using Brook.TestSupport;

namespace Brook.EndToEnd.Tests;

/// <summary>Every cluster endpoint over HTTP against a running local cluster, each JSON body checked against the OpenAPI document.</summary>
public sealed class ClusterEndpointsTests(LocalClusterFixture fixture) : IClassFixture<LocalClusterFixture>
{
    private Task<string> Get(string url, string template, HttpStatusCode status = HttpStatusCode.OK) =>
        fixture.SendAndValidateAsync(HttpMethod.Get, url, template, status);

    [Fact]
    public async Task Config_reports_the_flink_api_version_and_brooks_revision()
    {
        var body = JsonNode.Parse(await Get("/config", "/config"))!;
        Assert.Equal("2.1.0", (string?)body["flink-version"]);
        Assert.Contains(BrookVersion.Commit, (string?)body["flink-revision"]);
        Assert.True((bool?)body["features"]!["web-submit"]);
        Assert.False((bool?)body["features"]!["web-rescale"]);
        Assert.Equal(3000L, (long?)body["refresh-interval"]);
    }

    [Fact]
    public async Task Overview_counts_the_registered_taskmanagers_and_their_slots()
    {
        foreach (var url in new[] { "/overview", "/v1/overview", "/overview/" })
        {
            var body = JsonNode.Parse(await Get(url, "/overview"))!;
            Assert.Equal(2, (int?)body["taskmanagers"]);
            Assert.Equal(4, (int?)body["slots-total"]);
            Assert.Equal(4, (int?)body["slots-available"]);
            Assert.Equal(0, (int?)body["jobs-running"]);
            Assert.Equal("2.1.0", (string?)body["flink-version"]);
        }
    }

    [Fact]
    public async Task Job_lists_are_empty_without_jobs()
    {
        Assert.Empty(JsonNode.Parse(await Get("/jobs", "/jobs"))!["jobs"]!.AsArray());
        Assert.Empty(JsonNode.Parse(await Get("/jobs/overview", "/jobs/overview"))!["jobs"]!.AsArray());
    }

    [Fact]
    public async Task Jobmanager_config_lists_the_configuration()
    {
        var entries = JsonNode.Parse(await Get("/jobmanager/config", "/jobmanager/config"))!.AsArray();
        Assert.Contains(entries, e => (string?)e!["key"] == "taskmanager.numberOfTaskSlots" && (string?)e["value"] == "2");
    }

    [Fact]
    public async Task Jobmanager_environment_describes_the_dotnet_runtime()
    {
        var body = JsonNode.Parse(await Get("/jobmanager/environment", "/jobmanager/environment"))!;
        Assert.Contains(".NET", (string?)body["jvm"]!["version"]);
        Assert.Contains(body["jvm"]!["options"]!.AsArray(), o => ((string?)o)!.StartsWith("System.GC.Server=", StringComparison.Ordinal));
        Assert.Contains(body["classpath"]!.AsArray(), a => ((string?)a)!.EndsWith("Brook.Rest.dll", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Taskmanagers_are_listed_with_their_registration()
    {
        var list = JsonNode.Parse(await Get("/taskmanagers", "/taskmanagers"))!["taskmanagers"]!.AsArray();
        var expected = fixture.Cluster.TaskExecutors.Select(t => t.Id.Hex).Order().ToList();
        Assert.Equal(expected, list.Select(t => (string)t!["id"]!).Order().ToList());
        foreach (var tm in list)
        {
            Assert.Equal(2, (int?)tm!["slotsNumber"]);
            Assert.Equal(2, (int?)tm["freeSlots"]);
            Assert.Equal(Environment.ProcessorCount, (int?)tm["hardware"]!["cpuCores"]);
            Assert.True((long?)tm["hardware"]!["physicalMemory"] > 0);
            Assert.True((long?)tm["timeSinceLastHeartbeat"] > 0);
        }
    }

    [Fact]
    public async Task Taskmanager_details_answer_for_known_ids_and_404_or_400_otherwise()
    {
        var id = fixture.Cluster.TaskExecutors[0].Id.Hex;
        var body = JsonNode.Parse(await Get($"/taskmanagers/{id}", "/taskmanagers/:taskmanagerid"))!;
        Assert.Equal(id, (string?)body["id"]);
        Assert.Empty(body["allocatedSlots"]!.AsArray());
        Assert.True((long?)body["metrics"]!["heapUsed"] > 0);

        var unknown = await ErrorsAsync(HttpMethod.Get, $"/taskmanagers/{new string('a', 32)}", HttpStatusCode.NotFound);
        Assert.StartsWith("org.apache.flink.runtime.rest.NotFoundException: ", unknown[0]);

        var malformed = await ErrorsAsync(HttpMethod.Get, "/taskmanagers/xyz", HttpStatusCode.BadRequest);
        Assert.StartsWith("org.apache.flink.runtime.rest.handler.RestHandlerException: Bad request, could not parse parameters: " +
                          "Cannot resolve path parameter (taskmanagerid) from value \"xyz\".", malformed[0]);
    }

    [Fact]
    public async Task Log_files_are_listed_and_served_as_plain_text()
    {
        var logs = JsonNode.Parse(await Get("/jobmanager/logs", "/jobmanager/logs"))!["logs"]!.AsArray();
        Assert.Contains(logs, l => (string?)l!["name"] == "jobmanager.log" && (long?)l["size"] > 0);
        Assert.Contains(logs, l => (string?)l!["name"] == "jobmanager.out");

        foreach (var url in new[] { "/jobmanager/log", "/jobmanager/logs/jobmanager.log" })
        {
            using var response = await fixture.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Local cluster started", await response.Content.ReadAsStringAsync());
        }
        using var stdout = await fixture.Http.GetAsync("/jobmanager/stdout");
        Assert.Equal(HttpStatusCode.OK, stdout.StatusCode);
        Assert.Equal("text/plain", stdout.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/jobmanager/logs/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/jobmanager/logs/..")]
    [InlineData("/jobmanager/logs/%2Fetc%2Fpasswd")]
    [InlineData("/jobmanager/logs/missing.log")]
    public async Task Log_files_outside_the_log_directory_are_not_found(string url)
    {
        var errors = await ErrorsAsync(HttpMethod.Get, url, HttpStatusCode.NotFound);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("/v2/overview")]
    [InlineData("/v0/overview")]
    [InlineData("/nothing/here?x=1")]
    public async Task Unknown_routes_and_versions_are_404_with_the_uri(string url)
    {
        var errors = await ErrorsAsync(HttpMethod.Get, url, HttpStatusCode.NotFound);
        Assert.Equal($"Not found: {url}", Assert.Single(errors));
    }

    [Fact]
    public async Task A_known_path_with_the_wrong_verb_is_404()
    {
        var errors = await ErrorsAsync(HttpMethod.Post, "/overview", HttpStatusCode.NotFound);
        Assert.Equal("Not found: /overview", Assert.Single(errors));
        await ErrorsAsync(HttpMethod.Options, "/overview", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Responses_name_only_the_servers_own_origin_in_the_cors_header()
    {
        using (var plain = await fixture.Http.GetAsync("/overview")) Assert.False(plain.Headers.Contains("Access-Control-Allow-Origin"));
        var origin = fixture.Cluster.RestAddress.GetLeftPart(UriPartial.Authority);
        var request = new HttpRequestMessage(HttpMethod.Get, "/overview");
        request.Headers.Add("Origin", origin);
        using var response = await fixture.Http.SendAsync(request);
        Assert.Equal(origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    private async Task<IReadOnlyList<string>> ErrorsAsync(HttpMethod method, string url, HttpStatusCode status)
    {
        using var response = await fixture.Http.SendAsync(new HttpRequestMessage(method, url));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!["errors"]!.AsArray().Select(e => (string)e!).ToList();
    }
}
