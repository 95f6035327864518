using System.Text.Json;
using Brook.Rest.Gateway;
using Brook.Rest.Handlers;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Brook.TestSupport;

namespace Brook.Rest.Tests;

/// <summary>The JobManager's configuration and environment endpoints show sensitive values as Flink does: ******.</summary>
public sealed class SensitiveConfigurationTests
{
    private static readonly FakeGateway Gateway = new()
    {
        Cluster = new ClusterInformation(
            [KeyValuePair.Create("fs.azure.account.key.acct.blob.core.windows.net", "azure-value"), KeyValuePair.Create("my.password", "pw-value"),
                KeyValuePair.Create("rest.port", "8081"), KeyValuePair.Create("s3.secret-key", "s3-value")],
            3000,
            new EnvironmentSnapshot("v", "x64", ["brook.dll", "cluster", "-Ds3.secret-key=s3-value", "-D", "my.password=pw-value", "-Drest.port=8081"], []),
            new LogLocation(Path.GetTempPath(), () => null, "none.out")),
    };

    private static async Task<string> GetAsync(string path)
    {
        var endpoint = DispatcherEndpoints.Create(Gateway, TimeProvider.System).Single(e => e.Spec.Verb == RestVerb.Get && e.Spec.PathTemplate == path);
        var result = (JsonResult)await endpoint.Handle(new RestRequest(new Dictionary<string, object>(), new Dictionary<string, IReadOnlyList<object>>(),
            new EmptyRequestBody()), CancellationToken.None);
        var json = JsonSerializer.Serialize(result.Body, result.TypeInfo);
        OpenApiValidator.Default.AssertMatches("GET", path, 200, json);
        return json;
    }

    [Fact]
    public async Task The_configuration_hides_sensitive_values_and_shows_the_rest()
    {
        var entries = JsonSerializer.Deserialize(await GetAsync("/jobmanager/config"), RestJsonContext.Default.IReadOnlyListConfigurationInfoEntry)!;
        Assert.Equal(
            [
                new ConfigurationInfoEntry("fs.azure.account.key.acct.blob.core.windows.net", "******"), new ConfigurationInfoEntry("my.password", "******"),
                new ConfigurationInfoEntry("rest.port", "8081"), new ConfigurationInfoEntry("s3.secret-key", "******"),
            ],
            entries);
    }

    [Fact]
    public async Task The_environment_hides_sensitive_command_line_values()
    {
        var json = await GetAsync("/jobmanager/environment");
        var options = JsonSerializer.Deserialize(json, RestJsonContext.Default.EnvironmentInfo)!.Jvm.Options;
        Assert.Equal(["brook.dll", "cluster", "-Ds3.secret-key=******", "-D", "my.password=******", "-Drest.port=8081"], options);
        Assert.DoesNotContain("s3-value", json);
        Assert.DoesNotContain("pw-value", json);
    }
}
