using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Brook.Rest.Server;
using Microsoft.Extensions.Logging;

namespace Brook.Rest.Tests;

/// <summary>
/// Hostile requests against a REST endpoint with Brook's defaults (own origin only, Host checked), a small memory
/// budget for bodies, an upload endpoint and a handler that holds its request until the test lets it go.
/// </summary>
public sealed class RestServerHardeningTests : IAsyncLifetime
{
    private const long MaxContentLength = 1 << 20;
    private const long Budget = 1 << 20;
    private const string Foreign = "https://evil.example";

    private readonly CapturingLoggerProvider _logs = new();
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _handled;
    private RestServerEndpoint _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await StartAsync(new RestServerOptions("localhost", 0, MaxContentLength) { MaxInFlightBodyBytes = Budget });
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private Task<RestServerEndpoint> StartAsync(RestServerOptions options)
    {
        var echo = TestJsonContext.Default.EchoResponse;
        RestEndpoint[] endpoints =
        [
            new(new RestEndpointSpec(RestVerb.Post, "/echo", [], [], TestJsonContext.Default.TestRequest, echo, 202, "echo body"),
                (r, _) => Answer([r.BodyAs<TestRequest>().Name, r.BodyAs<TestRequest>().Count.ToString()])),
            new(new RestEndpointSpec(RestVerb.Delete, "/thing", [], [], RestJsonContext.Default.EmptyRequestBody, echo, 200, "changes state"),
                (_, _) => Answer(["deleted"])),
            new(new RestEndpointSpec(RestVerb.Get, "/thing", [], [], RestJsonContext.Default.EmptyRequestBody, echo, 200, "reads"),
                (_, _) => Answer(["thing"])),
            new(new RestEndpointSpec(RestVerb.Post, "/coerce", [], [], TestJsonContext.Default.CoercionRequest, echo, 200, "echo scalars"),
                (r, _) =>
                {
                    var b = r.BodyAs<CoercionRequest>();
                    return Answer([
                        b.Parallelism?.ToString() ?? "null", b.AllowNonRestoredState?.ToString() ?? "null", b.ExpiredTimestamp.ToString(),
                        b.EntryClass ?? "null", string.Join('|', b.ProgramArgsList ?? []),
                        string.Join('|', (b.FlinkConfiguration ?? new Dictionary<string, string>()).Select(kv => $"{kv.Key}={kv.Value}")),
                    ]);
                }),
            new(new RestEndpointSpec(RestVerb.Post, "/hold", [], [], TestJsonContext.Default.TestRequest, echo, 202, "waits for the test"),
                async (r, _) =>
                {
                    _held.TrySetResult();
                    await _release.Task;
                    return new JsonResult(new EchoResponse([r.BodyAs<TestRequest>().Name.Length.ToString()]), echo);
                }),
            new(new RestEndpointSpec(RestVerb.Post, "/upload", [], [], RestJsonContext.Default.EmptyRequestBody, echo, 200, "stores files")
                {
                    AcceptsFileUpload = true,
                },
                (r, _) =>
                {
                    Interlocked.Increment(ref _handled);
                    return Answer(r.UploadedFiles.Select(f => $"{f.FileName}:{new FileInfo(f.Path).Length}").ToList());
                }),
        ];
        return RestServerEndpoint.StartAsync(options, endpoints, LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug)));
    }

    private static ValueTask<RestResult> Answer(IReadOnlyList<string> values) =>
        ValueTask.FromResult<RestResult>(new JsonResult(new EchoResponse(values), TestJsonContext.Default.EchoResponse));

    private async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request, HttpClient? http = null)
    {
        var response = await (http ?? _http).SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response);
    }

    private static HttpRequestMessage Json(HttpMethod method, string url, string json, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    private static string Error(JsonNode body) => Assert.Single(body["errors"]!.AsArray().Select(e => (string)e!));

    private static IReadOnlyList<string> Values(JsonNode body) => body["values"]!.AsArray().Select(e => (string)e!).ToList();

    private string OwnOrigin => $"http://{_server.BaseAddress.Authority}";

    // Item 5: cross-site requests and DNS rebinding.

    [Theory]
    [InlineData("POST", "/echo")]
    [InlineData("DELETE", "/thing")]
    [InlineData("PATCH", "/thing")]
    [InlineData("PUT", "/nowhere")]
    public async Task A_state_changing_request_from_a_foreign_origin_is_refused_with_403(string method, string url)
    {
        var request = Json(new HttpMethod(method), url, """{"name":"x"}""");
        request.Headers.Add("Origin", Foreign);
        var (status, body, response) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith($"Cross-origin request refused: a page from {Foreign} may not {method}", Error(body));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_upload_from_a_foreign_origin_is_refused_before_anything_is_stored()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[1000]), "jarfile", "job.jar" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = form };
        request.Headers.Add("Origin", "null");
        var (status, _, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task The_servers_own_origin_may_change_state_and_read_the_answer()
    {
        var request = Json(HttpMethod.Post, "/echo", """{"name":"x","count":1}""");
        request.Headers.Add("Origin", OwnOrigin);
        var (status, body, response) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(["x", "1"], Values(body));
        Assert.Equal(OwnOrigin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task A_foreign_page_may_not_read_answers_and_gets_no_preflight()
    {
        var get = new HttpRequestMessage(HttpMethod.Get, "/thing");
        get.Headers.Add("Origin", Foreign);
        var (status, _, response) = await SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/echo");
        preflight.Headers.Add("Origin", Foreign);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        (status, _, response) = await SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:8081")]
    [InlineData("localhost.evil.example")]
    [InlineData("10.11.12.13")]
    public async Task A_host_header_that_does_not_name_the_server_is_refused(string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/thing");
        request.Headers.Host = host;
        var (status, body, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith($"Request refused: the Host header '{host}' does not name this server.", Error(body));
    }

    [Theory]
    [InlineData("localhost:1")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3:8081")]
    [InlineData("[::1]:8081")]
    public async Task Loopback_names_and_addresses_on_any_port_are_accepted(string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/thing");
        request.Headers.Host = host;
        var (status, _, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_wildcard_bind_accepts_the_machines_own_name_and_addresses()
    {
        await using var wildcard = await StartAsync(new RestServerOptions("0.0.0.0", 0, MaxContentLength));
        using var http = new HttpClient { BaseAddress = wildcard.BaseAddress };
        var own = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).Select(a => a.ToString());
        foreach (var host in own.Prepend(Dns.GetHostName()))
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/thing");
            request.Headers.Host = $"{host}:{wildcard.Port}";
            var (status, _, _) = await SendAsync(request, http);
            Assert.True(status == HttpStatusCode.OK, $"{host}: {status}");
        }
        var foreign = new HttpRequestMessage(HttpMethod.Get, "/thing");
        foreign.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(foreign, http)).Status);
    }

    [Fact]
    public async Task Configured_origins_and_hosts_are_allowed_and_star_restores_flinks_behaviour()
    {
        await using var listed = await StartAsync(new RestServerOptions("localhost", 0, MaxContentLength, "https://a.example, https://b.example:8443")
        {
            AllowedHosts = ["brook.internal"],
        });
        using var http = new HttpClient { BaseAddress = listed.BaseAddress };
        var request = Json(HttpMethod.Post, "/echo", """{"name":"x"}""");
        request.Headers.Add("Origin", "https://B.example:8443");
        request.Headers.Host = "brook.internal:8081";
        var (status, _, response) = await SendAsync(request, http);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("https://B.example:8443", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));

        await using var open = await StartAsync(new RestServerOptions("localhost", 0, MaxContentLength, "*") { AllowedHosts = ["*"] });
        using var openHttp = new HttpClient { BaseAddress = open.BaseAddress };
        request = Json(HttpMethod.Post, "/echo", """{"name":"x"}""");
        request.Headers.Add("Origin", Foreign);
        request.Headers.Host = "anything.example";
        (status, _, response) = await SendAsync(request, openHttp);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/mixed; boundary=x")]
    public async Task A_json_body_sent_as_another_content_type_is_400(string contentType)
    {
        var (status, body, _) = await SendAsync(Json(HttpMethod.Post, "/echo", """{"name":"x","count":1}""", contentType));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"Unsupported Content-Type '{contentType}' of the request body. Send it as application/json.", Error(body));
    }

    [Fact]
    public async Task A_body_without_content_type_is_400_and_json_types_are_accepted()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/echo") { Content = new ByteArrayContent("""{"name":"x"}"""u8.ToArray()) };
        var (status, body, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Request body without a Content-Type. Send it as application/json.", Error(body));

        foreach (var type in new[] { "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.brook+json" })
        {
            (status, _, _) = await SendAsync(Json(HttpMethod.Post, "/echo", """{"name":"x"}""", type));
            Assert.Equal(HttpStatusCode.Accepted, status);
        }
        // A request without a body needs no type (curl -X DELETE, PATCH ...?mode=cancel).
        (status, _, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/thing"));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    // Item 7: protocol errors are the client's, answered in Flink's shape and logged quietly.

    private async Task<(int Status, string Body)> SendRawAsync(string head, byte[]? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (body is not null) await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var status = int.Parse(text.Split(' ')[1]);
        return (status, text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    [Fact]
    public async Task Bad_chunked_encoding_is_400_bad_request_received_logged_at_debug_at_most_once_per_interval()
    {
        for (var i = 0; i < 20; i++)
        {
            var (status, body) = await SendRawAsync(
                "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
            Assert.Equal(400, status);
            Assert.Equal("""{"errors":["Bad request received."]}""", body);
        }
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
        var debug = _logs.Entries.Where(e => e.Message.StartsWith("Bad request POST /echo")).ToList();
        Assert.InRange(debug.Count, 1, 3);
        Assert.All(debug, e => Assert.Equal(LogLevel.Debug, e.Level));
    }

    [Fact]
    public async Task A_body_that_stops_arriving_is_408_not_a_server_error()
    {
        // Kestrel's minimum body data rate (240 bytes/s after a 5 s grace) gives up on this body.
        var (status, body) = await SendRawAsync(
            "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"name\":");
        Assert.Equal(408, status);
        Assert.Equal("""{"errors":["Bad request received. The request body did not arrive in time."]}""", body);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    public static TheoryData<string, string> MalformedForms => new()
    {
        { "multipart/form-data; boundary=\"unterminated", "--x\r\n" },
        { "multipart/form-data", "--x\r\n" },
        { "multipart/form-data; boundary=" + new string('b', 71), "--x\r\n" },
        { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"a.jar\"\r\n\r\nbytes but no closing boundary" },
        { "multipart/form-data; boundary=x", "--x\r\n" + string.Concat(Enumerable.Repeat("X-Header: v\r\n", 2000)) + "\r\n\r\n--x--\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedForms))]
    public async Task A_malformed_multipart_form_is_400_and_not_a_server_error(string contentType, string form)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(form));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var (status, body, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = content });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("Bad request received. The multipart form could not be read", Error(body));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task A_file_name_too_long_to_store_is_400()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[10]), "jarfile", new string('n', 226) + ".jar" } };
        var (status, body, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = form });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith($"The file name of an upload may have at most {MultipartRequestReader.MaxFileNameBytes} bytes.", Error(body));
    }

    [Fact]
    public async Task A_chunked_upload_over_the_limit_is_413_not_an_empty_form()
    {
        using var form = new MultipartFormDataContent { { new StreamContent(new MemoryStream(new byte[MaxContentLength + 1])), "jarfile", "big.jar" } };
        var content = new ChunkedContent(form);
        var (status, body, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = content });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.EndsWith("Try to raise [rest.server.max-content-length]", Error(body));
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task An_upload_streams_its_files_to_disk()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[(int)MaxContentLength / 2]), "jarfile", "job.jar" } };
        var (status, body, _) = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = new ChunkedContent(form) });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([$"job.jar:{MaxContentLength / 2}"], Values(body));
        // The file went to disk, not into the body budget.
        await AllBodiesReleasedAsync(_server);
    }

    // Item 8: request bodies in memory are bounded by rest.server.max-in-flight-body-bytes.

    private static string BodyOf(int bytes) => $$"""{"name":"{{new string('x', bytes - 20)}}","count":1}""";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_the_budget_cannot_hold_while_another_is_handled_is_503_and_the_budget_is_given_back(bool chunked)
    {
        var held = _http.SendAsync(Json(HttpMethod.Post, "/hold", BodyOf(700_000)));
        await _held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.InRange(_server.BodyBudget.Used, 700_000, Budget);

        var second = Json(HttpMethod.Post, "/echo", BodyOf(700_000));
        if (chunked) second.Content = new ChunkedContent(second.Content!);
        var (status, body, _) = await SendAsync(second);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.EndsWith("Try again later or raise [rest.server.max-in-flight-body-bytes].", Error(body));

        _release.SetResult();
        using var response = await held;
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await AllBodiesReleasedAsync(_server);
        (status, _, _) = await SendAsync(Json(HttpMethod.Post, "/echo", BodyOf(700_000)));
        Assert.Equal(HttpStatusCode.Accepted, status);
    }

    /// <summary>
    /// Waits until every request gave its body's bytes back: the server releases a body after its answer is written, so
    /// the client can hold the answer a moment before the release.
    /// </summary>
    private static async Task AllBodiesReleasedAsync(RestServerEndpoint server)
    {
        var released = new Brook.TestSupport.ProgressSignal();
        server.BodyBudget.Released += released.Pulse;
        try
        {
            await released.UntilAsync(() => server.BodyBudget.Used == 0, "every request body was released", TimeSpan.FromSeconds(30));
        }
        finally
        {
            server.BodyBudget.Released -= released.Pulse;
        }
    }

    [Fact]
    public async Task Concurrent_large_bodies_are_answered_within_the_budget_and_memory_returns()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var body = BodyOf(900_000);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await _http.SendAsync(Json(HttpMethod.Post, "/echo", body));
            return response.StatusCode;
        }));
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(HttpStatusCode.Accepted, statuses);
        await AllBodiesReleasedAsync(_server);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 64L << 20, $"managed memory grew from {before} to {after} bytes");
    }

    [Fact]
    public async Task The_memory_of_a_large_body_is_given_back_once_it_was_answered()
    {
        const int large = (int)LargeBodyMemoryReturn.LargeBodyBytes + 1000;
        await using var server = await StartAsync(new RestServerOptions("localhost", 0, 2 * large) { MaxInFlightBodyBytes = 2 * large });
        var collected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.BodyBudget.MemoryReturn.Collected += () => collected.TrySetResult();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var (status, body, _) = await SendAsync(Json(HttpMethod.Post, "/echo", BodyOf(large)), http);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(large - 20, Values(body)[0].Length);
        await collected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await AllBodiesReleasedAsync(server);
    }

    // Item 12: Jackson's scalar coercions, as Flink's dashboard relies on them.

    [Theory]
    [InlineData("""{"parallelism":"2","allowNonRestoredState":"true","expiredTimestamp":"17"}""", "2", "True", "17")]
    [InlineData("""{"parallelism":2.9,"allowNonRestoredState":0,"expiredTimestamp":1e3}""", "2", "False", "1000")]
    [InlineData("""{"parallelism":"","allowNonRestoredState":"","expiredTimestamp":" 5 "}""", "null", "null", "5")]
    [InlineData("""{"parallelism":null,"allowNonRestoredState":"FALSE"}""", "null", "False", "0")]
    public async Task Numbers_and_booleans_are_read_from_strings_as_flinks_jackson_does(string json, string parallelism, string allow, string timestamp)
    {
        var (status, body, _) = await SendAsync(Json(HttpMethod.Post, "/coerce", json));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([parallelism, allow, timestamp], Values(body).Take(3));
    }

    [Fact]
    public async Task Scalars_are_read_as_text_where_text_is_expected()
    {
        var (status, body, _) = await SendAsync(Json(HttpMethod.Post, "/coerce",
            """{"entryClass":42,"programArgsList":["--n",10,true,1.50],"flinkConfiguration":{"parallelism.default":4,"x":false}}"""));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["42", "--n|10|true|1.50", "parallelism.default=4|x=false"], Values(body).Skip(3));
    }

    [Theory]
    [InlineData("""{"parallelism":"two"}""")]
    [InlineData("""{"parallelism":"3000000000"}""")]
    [InlineData("""{"parallelism":true}""")]
    [InlineData("""{"allowNonRestoredState":"yes"}""")]
    [InlineData("""{"expiredTimestamp":""}""")]
    [InlineData("""{"expiredTimestamp":null}""")]
    [InlineData("""{"entryClass":{"a":1}}""")]
    [InlineData("""{"programArgsList":"--n"}""")]
    public async Task What_jackson_refuses_is_still_400(string json)
    {
        var (status, body, _) = await SendAsync(Json(HttpMethod.Post, "/coerce", json));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("org.apache.flink.runtime.rest.handler.RestHandlerException: Request did not match expected format CoercionRequest.", Error(body));
    }

    // Item 9: stopping answers requests in flight within the grace period.

    [Fact]
    public async Task Stopping_lets_a_request_in_flight_finish_and_refuses_new_connections()
    {
        var held = _http.SendAsync(Json(HttpMethod.Post, "/hold", BodyOf(100)));
        await _held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stopped = _server.StopAsync();
        Assert.False(stopped.IsCompleted);
        using (var fresh = new HttpClient { BaseAddress = _server.BaseAddress })
            await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("/thing"));
        _release.SetResult();
        using var response = await held.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await stopped.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Stopping_closes_a_request_that_outlives_the_grace_period()
    {
        await using var server = await StartAsync(new RestServerOptions("localhost", 0, MaxContentLength) { ShutdownGracePeriod = TimeSpan.FromMilliseconds(100) });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var held = http.SendAsync(Json(HttpMethod.Post, "/hold", BodyOf(100)));
        await _held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<HttpRequestException>(() => held.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_stalled_upload_is_closed_at_the_end_of_the_grace_period_without_an_error_in_the_log()
    {
        await using var server = await StartAsync(new RestServerOptions("localhost", 0, MaxContentLength) { ShutdownGracePeriod = TimeSpan.FromMilliseconds(100) });
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n"));
        // Kestrel answers 100 Continue once the endpoint reads the body: the request is in flight.
        var buffer = new byte[64];
        var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("HTTP/1.1 100 Continue", Encoding.ASCII.GetString(buffer, 0, n));
        await stream.WriteAsync("--x\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"a.jar\"\r\n\r\nabc"u8.ToArray());

        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(0, _handled);
    }

    /// <summary>The same content without a length, so it is sent chunked.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly HttpContent _inner;

        public ChunkedContent(HttpContent inner)
        {
            _inner = inner;
            foreach (var header in inner.Headers.Where(h => h.Key != "Content-Length")) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
