using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Brook.Core.Configuration;
using Brook.Core.States;

namespace Brook.EndToEnd.Tests;

/// <summary>A cluster that gives requests in flight a long grace period, so the shutdown test does not race it.</summary>
public sealed class LongGraceFixture : JobsClusterFixture
{
    protected override void Configure(Configuration config)
    {
        base.Configure(config);
        config.Set(CoreOptions.RestServerShutdownGracePeriod, TimeSpan.FromMinutes(1));
    }
}

/// <summary>Cross-site requests, DNS rebinding, Flink dashboard bodies and shutdown against a running cluster.</summary>
public sealed class RestHardeningTests(JobsClusterFixture fixture) : IClassFixture<JobsClusterFixture>
{
    private const string TestJobs = "Brook.TestJobs.jar";
    private const string FourVertices = "Brook.TestJobs.FourVertices";

    private static async Task<byte[]> PackageAsync() => await File.ReadAllBytesAsync(JobsClusterFixture.Package(TestJobs));

    private static MultipartFormDataContent UploadForm(byte[] package, string name)
    {
        var part = new ByteArrayContent(package);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/x-java-archive");
        return new MultipartFormDataContent { { part, "jarfile", name } };
    }

    [Fact]
    public async Task A_page_of_another_site_cannot_upload_or_run_while_the_dashboard_of_the_same_origin_can()
    {
        var package = await PackageAsync();
        var upload = new HttpRequestMessage(HttpMethod.Post, "/jars/upload") { Content = UploadForm(package, "foreign.jar") };
        upload.Headers.Add("Origin", "https://evil.example");
        using (var refused = await fixture.Http.SendAsync(upload))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("Cross-origin request refused", JobsClusterFixture.Errors(await refused.Content.ReadAsStringAsync()));
        }
        Assert.DoesNotContain(fixture.Cluster.Jars.Store.List(), j => j.Name == "foreign.jar");

        var origin = fixture.Cluster.RestAddress.GetLeftPart(UriPartial.Authority);
        upload = new HttpRequestMessage(HttpMethod.Post, "/jars/upload") { Content = UploadForm(package, "dashboard.jar") };
        upload.Headers.Add("Origin", origin);
        using var accepted = await fixture.Http.SendAsync(upload);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(origin, Assert.Single(accepted.Headers.GetValues("Access-Control-Allow-Origin")));
        var jarId = Path.GetFileName((string)JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!["filename"]!);

        // The classic cross-site form: JSON sent as text/plain needs no preflight, so it must not start a job.
        var run = new HttpRequestMessage(HttpMethod.Post, $"/jars/{jarId}/run")
        {
            Content = new StringContent($$"""{"entryClass":"{{FourVertices}}"}""", Encoding.UTF8, "text/plain"),
        };
        using var textPlain = await fixture.Http.SendAsync(run);
        Assert.Equal(HttpStatusCode.BadRequest, textPlain.StatusCode);
        Assert.Contains("Unsupported Content-Type 'text/plain; charset=utf-8'", JobsClusterFixture.Errors(await textPlain.Content.ReadAsStringAsync()));
        Assert.DoesNotContain(fixture.Cluster.Dispatcher.RequestJobs(), j => j.Name == "FourVertices" && j.Status == JobStatus.RUNNING);
    }

    [Fact]
    public async Task A_rebound_host_name_is_refused_and_the_servers_own_names_are_not()
    {
        var rebound = new HttpRequestMessage(HttpMethod.Get, "/overview");
        rebound.Headers.Host = $"attacker.example:{fixture.Cluster.RestAddress.Port}";
        using (var response = await fixture.Http.SendAsync(rebound))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("does not name this server", JobsClusterFixture.Errors(await response.Content.ReadAsStringAsync()));
        }
        var local = new HttpRequestMessage(HttpMethod.Get, "/overview");
        local.Headers.Host = $"localhost:{fixture.Cluster.RestAddress.Port}";
        using var ok = await fixture.Http.SendAsync(local);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task The_parallelism_the_flink_dashboard_sends_as_a_string_is_accepted()
    {
        var jarId = await fixture.UploadPackageAsync(TestJobs);
        var (status, body) = await fixture.SendJsonAsync(HttpMethod.Post, $"/jars/{jarId}/plan",
            $$"""{"entryClass":"{{FourVertices}}","parallelism":"2","programArgsList":[2000],"programArgs":""}""");
        Assert.True(status == HttpStatusCode.OK, body);
        Assert.All(JsonNode.Parse(body)!["plan"]!["nodes"]!.AsArray(), n => Assert.Equal(2, (int?)n!["parallelism"]));
    }

    [Fact]
    public async Task Shutdown_cancels_the_jobs_at_once_and_still_answers_the_request_in_flight()
    {
        var cluster = new LongGraceFixture();
        await cluster.InitializeAsync();
        try
        {
            var jarId = await cluster.UploadPackageAsync(TestJobs);
            var jobId = await cluster.RunAsync(jarId, $$"""{"entryClass":"{{FourVertices}}","parallelism":1,"programArgsList":["100"]}""");
            await cluster.WaitForJobStatusAsync(jobId, "RUNNING");

            // An upload whose body the test holds back. With Expect: 100-continue the client sends the body only once
            // the server has started reading it, so the request is known to be in flight.
            var bodyRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var finishBody = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var form = UploadForm(await PackageAsync(), "late.jar");
            var content = new HeldBackContent(await form.ReadAsByteArrayAsync(), form.Headers.ContentType!, bodyRequested, finishBody.Task);
            using var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) };
            using var http = new HttpClient(handler) { BaseAddress = cluster.Cluster.RestAddress, Timeout = TimeSpan.FromMinutes(1) };
            var request = new HttpRequestMessage(HttpMethod.Post, "/jars/upload") { Content = content };
            request.Headers.ExpectContinue = true;
            var upload = http.SendAsync(request);
            await bodyRequested.Task.WaitAsync(TimeSpan.FromSeconds(30));

            using (var delete = await cluster.Http.DeleteAsync("/cluster")) Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
            await cluster.Cluster.ShutdownRequested.WaitAsync(TimeSpan.FromSeconds(30));
            var stopping = cluster.Cluster.DisposeAsync().AsTask();

            // The job ends while the REST endpoint still waits for the upload: cancelling does not wait for the endpoint.
            await cluster.Progress.UntilAsync(() => cluster.Cluster.Dispatcher.RequestJobs().Single().Status == JobStatus.CANCELED,
                "the job to be cancelled", TimeSpan.FromSeconds(30));
            Assert.False(upload.IsCompleted);
            Assert.False(stopping.IsCompleted);

            finishBody.SetResult();
            using var response = await upload.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await stopping.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Sends half of the body when asked for it, the rest once the test allows.</summary>
    private sealed class HeldBackContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _requested;
        private readonly Task _finish;

        public HeldBackContent(byte[] bytes, MediaTypeHeaderValue contentType, TaskCompletionSource requested, Task finish)
        {
            _bytes = bytes;
            _requested = requested;
            _finish = finish;
            Headers.ContentType = contentType;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var half = _bytes.Length / 2;
            await stream.WriteAsync(_bytes.AsMemory(0, half));
            await stream.FlushAsync();
            _requested.TrySetResult();
            await _finish;
            await stream.WriteAsync(_bytes.AsMemory(half));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
