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
        // As curl sends large uploads: with Expect: 100-continue the answer comes before the body. Without it the server
        // answers and closes while the client may still be writing, and the client can see a reset instead of the 413.
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(await File.ReadAllBytesAsync(JobsClusterFixture.Package("Brook.TestJobs.jar")));
        part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-java-archive");
        form.Add(part, "jarfile", "Brook.TestJobs.jar");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/jars/upload") { Content = form };
        request.Headers.ExpectContinue = true;
        using var response = await fixture.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Try to raise [rest.server.max-content-length]", JobsClusterFixture.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Empty(fixture.Cluster.Jars.Store.List());
    }
}
