using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Brook.Core.Configuration;

namespace Brook.EndToEnd.Tests;

/// <summary>A cluster configured with secrets: their values appear in no response and not in the log; and its log directory holds traps.</summary>
public sealed class SecretsAndLogsTests(SecretsAndLogsTests.SecretsClusterFixture fixture) : IClassFixture<SecretsAndLogsTests.SecretsClusterFixture>
{
    private const string TestJobs = "Brook.TestJobs.jar";

    /// <summary>Sensitive keys (Flink's fragments: secret, password, fs.azure.account.key, token, api-key) with values the tests look for.</summary>
    private static readonly Dictionary<string, string> ClusterSecrets = new()
    {
        ["s3.secret-key"] = "cluster-s3-secret-0451",
        ["my.password"] = "cluster-password-0452",
        ["fs.azure.account.key.acct.blob.core.windows.net"] = "cluster-azure-key-0453",
        ["security.delegation.token.value"] = "cluster-token-0454",
    };

    private static readonly Dictionary<string, string> JobSecrets = new()
    {
        ["connector.api-key"] = "job-api-key-0461",
        ["sink.jdbc.password"] = "job-password-0462",
    };

    public sealed class SecretsClusterFixture : JobsClusterFixture
    {
        public override int NumberOfTaskManagers => 1;

        protected override void Configure(Configuration config)
        {
            base.Configure(config);
            foreach (var (key, value) in ClusterSecrets) config.SetRaw(key, value);
            config.SetRaw("s3.endpoint", "http://storage.local:9000").SetRaw("s3.access-key", "visible-access-key");
        }
    }

    private static void AssertNoSecretValue(string text, string where)
    {
        foreach (var value in ClusterSecrets.Values.Concat(JobSecrets.Values))
        {
            Assert.False(text.Contains(value, StringComparison.Ordinal), $"{where} shows the secret value {value}:\n{text}");
        }
    }

    private static Dictionary<string, string?> Entries(JsonNode list) =>
        list.AsArray().ToDictionary(e => (string)e!["key"]!, e => (string?)e!["value"]);

    [Fact]
    public async Task Sensitive_values_are_hidden_in_every_configuration_view_and_in_the_log()
    {
        var clusterConfig = await fixture.SendAndValidateAsync(HttpMethod.Get, "/jobmanager/config", "/jobmanager/config", HttpStatusCode.OK);
        AssertNoSecretValue(clusterConfig, "/jobmanager/config");
        var entries = Entries(JsonNode.Parse(clusterConfig)!);
        Assert.All(ClusterSecrets.Keys, k => Assert.Equal("******", entries[k]));
        Assert.Equal(("http://storage.local:9000", "visible-access-key"), (entries["s3.endpoint"], entries["s3.access-key"]));

        var environment = await fixture.SendAndValidateAsync(HttpMethod.Get, "/jobmanager/environment", "/jobmanager/environment", HttpStatusCode.OK);
        AssertNoSecretValue(environment, "/jobmanager/environment");

        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var configuration = new JsonObject { ["pipeline.visible-setting"] = "shown-0470" };
        foreach (var (key, value) in JobSecrets) configuration[key] = value;
        var run = new JsonObject
        {
            ["entryClass"] = "Brook.TestJobs.FourVertices",
            ["parallelism"] = 1,
            ["programArgsList"] = new JsonArray("100"),
            ["flinkConfiguration"] = configuration,
        };
        var jobId = await fixture.RunAsync(jarId, run.ToJsonString());
        try
        {
            var jobConfig = await fixture.SendAndValidateAsync(HttpMethod.Get, $"/jobs/{jobId}/config", "/jobs/:jobid/config", HttpStatusCode.OK);
            AssertNoSecretValue(jobConfig, "/jobs/:jobid/config");
            var userConfig = JsonNode.Parse(jobConfig)!["execution-config"]!["user-config"]!;
            Assert.All(JobSecrets.Keys, k => Assert.Equal("******", (string?)userConfig[k]));
            Assert.Equal("shown-0470", (string?)userConfig["pipeline.visible-setting"]);

            var jobManagerConfig = await fixture.SendAndValidateAsync(HttpMethod.Get, $"/jobs/{jobId}/jobmanager/config", "/jobs/:jobid/jobmanager/config",
                HttpStatusCode.OK);
            AssertNoSecretValue(jobManagerConfig, "/jobs/:jobid/jobmanager/config");
            var jobEntries = Entries(JsonNode.Parse(jobManagerConfig)!);
            Assert.All(ClusterSecrets.Keys.Concat(JobSecrets.Keys), k => Assert.Equal("******", jobEntries[k]));
            Assert.Equal("shown-0470", jobEntries["pipeline.visible-setting"]);

            var jobEnvironment = await fixture.SendAndValidateAsync(HttpMethod.Get, $"/jobs/{jobId}/jobmanager/environment",
                "/jobs/:jobid/jobmanager/environment", HttpStatusCode.OK);
            AssertNoSecretValue(jobEnvironment, "/jobs/:jobid/jobmanager/environment");
        }
        finally
        {
            await fixture.SendJsonAsync(HttpMethod.Patch, $"/jobs/{jobId}?mode=cancel");
        }

        // The log says what the cluster started with, keys and hidden values; no file of the log directory holds a secret.
        var log = await fixture.Http.GetStringAsync("/jobmanager/log");
        Assert.Contains("Loading configuration property: s3.secret-key, ******", log);
        Assert.Contains("Loading configuration property: s3.endpoint, http://storage.local:9000", log);
        foreach (var file in Directory.GetFiles(fixture.LogDirectory))
        {
            AssertNoSecretValue(await File.ReadAllTextAsync(file), file);
        }
    }

    [Fact]
    public async Task The_log_writes_levels_as_flinks_log4j_layout()
    {
        var log = await fixture.Http.GetStringAsync("/jobmanager/log");
        var first = log.Split('\n')[0];
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO  Brook\.Cluster\.LocalCluster - ", first);
    }

    [Fact]
    public async Task A_fifo_and_links_out_of_the_log_directory_are_not_listed_and_not_found_at_once()
    {
        var fifo = Path.Combine(fixture.LogDirectory, "trap.log");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]))!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var outside = Path.Combine(Path.GetTempPath(), "brook-outside-" + Guid.NewGuid().ToString("N") + ".txt");
        await File.WriteAllTextAsync(outside, "not a log");
        File.CreateSymbolicLink(Path.Combine(fixture.LogDirectory, "escape.log"), outside);
        try
        {
            // Were the FIFO opened, the request would wait for a writer forever: the timeout turns that into a failure.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            foreach (var name in new[] { "trap.log", "escape.log" })
            {
                HttpResponseMessage response;
                try
                {
                    response = await fixture.Http.GetAsync($"/jobmanager/logs/{name}", timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    // Free the server thread stuck in open() by opening the other end, so the cluster can still stop.
                    await Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Write).Dispose()).WaitAsync(TimeSpan.FromSeconds(5));
                    throw new Xunit.Sdk.XunitException($"GET /jobmanager/logs/{name} did not answer: the server opened the FIFO.");
                }
                using (response)
                {
                    Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                    Assert.Contains($"The file {name} does not exist in the log directory.", await response.Content.ReadAsStringAsync(timeout.Token));
                }
            }
            var listing = await fixture.SendAndValidateAsync(HttpMethod.Get, "/jobmanager/logs", "/jobmanager/logs", HttpStatusCode.OK);
            var names = JsonNode.Parse(listing)!["logs"]!.AsArray().Select(l => (string?)l!["name"]).ToList();
            Assert.Contains("jobmanager.log", names);
            Assert.DoesNotContain("trap.log", names);
            Assert.DoesNotContain("escape.log", names);
        }
        finally
        {
            File.Delete(fifo);
            File.Delete(Path.Combine(fixture.LogDirectory, "escape.log"));
            File.Delete(outside);
        }
    }
}
