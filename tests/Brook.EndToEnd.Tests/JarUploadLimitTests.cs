using System.Net;
using Brook.Core.Configuration;

namespace Brook.EndToEnd.Tests;

/// <summary>A cluster whose rest.server.max-content-length is smaller than the package.</summary>
public sealed class SmallUploadLimitFixture : JobsClusterFixture
{
    protected override void Configure(Configuration config)
    {
        base.Configure(config);
        config.Set(CoreOptions.RestServerMaxContentLength, 64 * 1024);
    }
}

public sealed class JarUploadLimitTests(SmallUploadLimitFixture fixture) : IClassFixture<SmallUploadLimitFixture>
{
    [Fact]
    public async Task An_upload_beyond_the_content_length_limit_answers_413_and_stores_nothing()
    {
        var (status, body) = await fixture.UploadAsync(("Brook.TestJobs.jar", await File.ReadAllBytesAsync(JobsClusterFixture.Package("Brook.TestJobs.jar"))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("Try to raise [rest.server.max-content-length]", JobsClusterFixture.Errors(body.ToJsonString()));
        Assert.Empty(fixture.Cluster.Jars.Store.List());
    }
}
