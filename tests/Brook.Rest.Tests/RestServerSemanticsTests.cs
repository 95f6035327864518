using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Brook.Core.Ids;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Brook.Rest.Server;
using Microsoft.Extensions.Logging;

namespace Brook.Rest.Tests;

/// <summary>The rows of SEMANTICS.md's status table, over HTTP against a REST endpoint serving a small test table.</summary>
public sealed class RestServerSemanticsTests : IAsyncLifetime
{
    private const long MaxContentLength = 4096;
    private const string Origin = "https://dashboard.example";
    private const string RequestClassName = nameof(TestRequest);

    private readonly CapturingLoggerProvider _logs = new();
    private readonly TaskCompletionSource _afterResponse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RestServerEndpoint _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var echo = TestJsonContext.Default.EchoResponse;
        var empty = RestJsonContext.Default.EmptyRequestBody;
        RestEndpoint[] endpoints =
        [
            new(new RestEndpointSpec(RestVerb.Get, "/jobs/:jobid", [RestParameters.JobIdPath],
                    [
                        RestParameters.JobIdList("jobs", "ids"), RestParameters.Int("n", "a number"),
                        RestParameters.Enum<TestMode>("mode", "a mode", m => m.ToString().ToUpperInvariant()),
                    ], empty, echo, 200, "echo parameters"),
                (r, _) => Answer(new EchoResponse([
                    r.Path<JobId>("jobid").Hex,
                    string.Join(',', r.Query<JobId>("jobs").Select(j => j.Hex)),
                    string.Join(',', r.Query<int>("n")),
                    string.Join(',', r.Query<TestMode>("mode")),
                ]), echo)),
            new(new RestEndpointSpec(RestVerb.Post, "/echo", [], [], TestJsonContext.Default.TestRequest, echo, 202, "echo body"),
                (r, _) => Answer(new EchoResponse([r.BodyAs<TestRequest>().Name, r.BodyAs<TestRequest>().Count.ToString()]), echo)),
            new(new RestEndpointSpec(RestVerb.Get, "/jobs/overview", [], [], empty, echo, 200, "literal"),
                (_, _) => Answer(new EchoResponse(["overview"]), echo)),
            new(new RestEndpointSpec(RestVerb.Get, "/boom", [], [], empty, echo, 200, "fails"),
                (_, _) => throw new InvalidOperationException("kaboom")),
            new(new RestEndpointSpec(RestVerb.Get, "/missing", [], [], empty, echo, 200, "not found"),
                (_, _) => throw new NotFoundException("Thing 42 not found")),
            new(new RestEndpointSpec(RestVerb.Delete, "/after", [], [], empty, echo, 200, "runs something after answering"),
                (_, _) => ValueTask.FromResult<RestResult>(new JsonResult(new EchoResponse(["bye"]), echo) { AfterResponse = () => _afterResponse.TrySetResult() })),
        ];
        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs));
        _server = await RestServerEndpoint.StartAsync(new RestServerOptions("localhost", 0, MaxContentLength, Origin), endpoints, loggerFactory);
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static ValueTask<RestResult> Answer(EchoResponse body, System.Text.Json.Serialization.Metadata.JsonTypeInfo info) =>
        ValueTask.FromResult<RestResult>(new JsonResult(body, info));

    private async Task<(HttpStatusCode Status, JsonNode Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string url, string? body = null,
        string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        var response = await _http.SendAsync(request);
        Assert.Equal("application/json; charset=UTF-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response);
    }

    private static IReadOnlyList<string> Errors(JsonNode body) => body["errors"]!.AsArray().Select(e => (string)e!).ToList();

    private static IReadOnlyList<string> Values(JsonNode body) => body["values"]!.AsArray().Select(e => (string)e!).ToList();

    private static readonly string Job = new('a', 32);

    [Fact]
    public async Task A_well_formed_request_gets_the_success_status_and_parsed_parameters()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/v1/jobs/{Job.ToUpperInvariant()}?n=7&mode=stop");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([Job, "", "7", "Stop"], Values(body));
    }

    [Fact]
    public async Task Literal_route_wins_over_the_parameter_route()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/jobs/overview");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["overview"], Values(body));
    }

    [Fact]
    public async Task Malformed_path_parameter_is_400_with_flinks_text()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/jobs/1234");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = Assert.Single(Errors(body));
        Assert.Equal("org.apache.flink.runtime.rest.handler.RestHandlerException: Bad request, could not parse parameters: " +
                     "Cannot resolve path parameter (jobid) from value \"1234\".", error.Split('\n')[0]);
        Assert.Contains("Caused by: org.apache.flink.runtime.rest.handler.HandlerRequestException: Cannot resolve path parameter (jobid)", error);
    }

    [Theory]
    [InlineData("n=abc", "n", "abc")]
    [InlineData("n=1&n=x", "n", "1,x")]
    [InlineData("mode=resume", "mode", "resume")]
    [InlineData("jobs=" + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,zz", "jobs", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,zz")]
    public async Task Malformed_query_parameter_is_400_naming_key_and_joined_value(string query, string key, string value)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/jobs/{Job}?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("org.apache.flink.runtime.rest.handler.RestHandlerException: Bad request, could not parse parameters: " +
                     $"Cannot resolve query parameter ({key}) from value \"{value}\".", Assert.Single(Errors(body)).Split('\n')[0]);
    }

    [Fact]
    public async Task Repeated_query_keys_are_joined_and_unknown_keys_ignored()
    {
        var other = new string('c', 32);
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/jobs/{Job}?jobs={Job}&jobs={other}&n=1,2&unknown=zzz&mode=CANCEL");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([Job, $"{Job},{other}", "1,2", "Cancel"], Values(body));
    }

    [Fact]
    public async Task Json_body_is_parsed_and_unknown_fields_ignored()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/echo", """{"name":"x","count":3,"extra":{"a":1}}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(["x", "3"], Values(body));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"name":"x","count":"three"}""")]
    [InlineData("[1,2]")]
    [InlineData("""{"count":1}""")]
    public async Task Bad_json_body_is_400_request_did_not_match(string json)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/echo", json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal($"org.apache.flink.runtime.rest.handler.RestHandlerException: Request did not match expected format {RequestClassName}.",
            Assert.Single(Errors(body)).Split('\n')[0]);
    }

    [Fact]
    public async Task Empty_body_that_cannot_build_the_request_is_400_did_not_conform()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/echo", "");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("org.apache.flink.runtime.rest.handler.RestHandlerException: Bad request received. Request did not conform to expected format.",
            Assert.Single(Errors(body)));
    }

    [Fact]
    public async Task Multipart_upload_to_a_json_endpoint_is_400()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/echo", "--x--", "multipart/form-data; boundary=x");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith("File uploads not allowed.", Assert.Single(Errors(body)));
    }

    [Fact]
    public async Task Body_over_the_max_content_length_is_413()
    {
        var big = $$"""{"name":"{{new string('x', (int)MaxContentLength)}}","count":1}""";
        var (status, body, response) = await SendAsync(HttpMethod.Post, "/echo", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.EndsWith("Try to raise [rest.server.max-content-length]", Assert.Single(Errors(body)));
        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task Chunked_body_over_the_max_content_length_is_413()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/echo")
        {
            Content = new PushStreamContent(new string('x', (int)MaxContentLength * 2)),
        };
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Unexpected_exception_is_500_with_the_server_side_trace_and_is_logged()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        var errors = Errors(body);
        Assert.Equal(2, errors.Count);
        Assert.Equal("Internal server error.", errors[0]);
        Assert.StartsWith("<Exception on server side:\nSystem.InvalidOperationException: kaboom", errors[1]);
        Assert.EndsWith("\nEnd of exception on server side>", errors[1]);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException { Message: "kaboom" });
    }

    [Fact]
    public async Task Handler_not_found_is_404_with_the_java_class_name()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/missing");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("org.apache.flink.runtime.rest.NotFoundException: Thing 42 not found", Assert.Single(Errors(body)));
    }

    [Theory]
    [InlineData("GET", "/nope?a=b")]
    [InlineData("GET", "/v2/jobs/overview")]
    [InlineData("POST", "/jobs/overview")]
    [InlineData("PUT", "/echo")]
    [InlineData("HEAD", "/jobs/overview")]
    [InlineData("OPTIONS", "/jobs/overview")]
    public async Task Unknown_route_version_or_verb_is_404_not_found_uri(string method, string url)
    {
        var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        if (method == "HEAD") return;
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal($"Not found: {url}", Assert.Single(Errors(body)));
    }

    [Fact]
    public async Task After_response_action_runs_once_the_answer_is_sent()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Delete, "/after");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["bye"], Values(body));
        await _afterResponse.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Content without a length, so the body arrives chunked.</summary>
    private sealed class PushStreamContent : HttpContent
    {
        private readonly string _text;

        public PushStreamContent(string text)
        {
            _text = text;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(_text)).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
