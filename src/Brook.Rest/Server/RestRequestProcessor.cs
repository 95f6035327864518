using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Brook.Rest.Server;

/// <summary>
/// Turns one HTTP exchange into a routed, parsed handler call and writes the answer the way Flink's
/// AbstractHandler and HandlerUtils do (status codes, error bodies, headers).
/// </summary>
internal sealed class RestRequestProcessor(RestRouter router, RestServerOptions options, ILogger log) : IDisposable
{
    private const string JsonContentType = "application/json; charset=UTF-8";
    private static readonly EmptyRequestBody EmptyBody = new();
    private static readonly Dictionary<string, IReadOnlyList<object>> NoQueryParameters = new();
    private static readonly Dictionary<string, object> NoPathParameters = new();

    private readonly RequestOriginPolicy _origins = new(options);
    private readonly ProtocolErrorLog _protocolErrors = new(log);

    /// <summary>The memory the request bodies of this endpoint may take together.</summary>
    public InFlightBodyBudget BodyBudget { get; } = new(options.MaxInFlightBodyBytes);

    public void Dispose() => BodyBudget.Dispose();

    public async Task ProcessAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        if ((_origins.CheckHost(context.Request) ?? _origins.CheckOrigin(context.Request)) is { } refusal)
        {
            await WriteErrorAsync(context, 403, [refusal]);
            return;
        }
        var queryStart = rawTarget.IndexOf('?');
        var rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var verb = RestRouter.ParseVerb(context.Request.Method);
        RouteMatch? match;
        try
        {
            match = verb is null ? null : router.Match(verb.Value, RestRouter.DecodePathTokens(rawPath));
        }
        catch (UriFormatException)
        {
            match = null;
        }
        if (match is null)
        {
            await WriteErrorAsync(context, 404, [$"Not found: {rawTarget}"]);
            return;
        }

        // Held until the answer is written: the parsed body lives as long as the handler runs.
        using var reservation = BodyBudget.Open();
        RestResult result;
        // Files of a multipart upload are stored here until the handler has answered.
        var uploadDirectory = match.Endpoint.Spec.AcceptsFileUpload ? Path.Combine(Path.GetTempPath(), "brook-web-upload-" + Guid.NewGuid().ToString("N")) : null;
        try
        {
            var request = await ParseRequestAsync(context, match, queryStart < 0 ? "" : rawTarget[(queryStart + 1)..], uploadDirectory, reservation);
            result = await match.Endpoint.Handle(request, context.RequestAborted);
        }
        catch (RestHandlerException e)
        {
            await WriteErrorAsync(context, e.Status, [Truncate(e.ToWireText())]);
            return;
        }
        catch (RequestRejectedException e)
        {
            if (e.Status == StatusCodes.Status400BadRequest) _protocolErrors.Report(context.Request.Method, rawTarget, e.Status, e.Message);
            await WriteRejectionAsync(context, e);
            return;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel found the request broken while its body was read: the client's error, answered and logged as one.
            if (context.RequestAborted.IsCancellationRequested) return;
            _protocolErrors.Report(context.Request.Method, rawTarget, e.StatusCode, e.Message);
            await WriteRejectionAsync(context, e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => RequestRejectedException.TooLarge(options.MaxContentLength, e),
                StatusCodes.Status408RequestTimeout => new RequestRejectedException(408, "Bad request received. The request body did not arrive in time.", true, e),
                var status => new RequestRejectedException(status, "Bad request received.", true, e),
            });
            return;
        }
        catch (Exception e) when (IsAborted(context, e))
        {
            // The client went away, or the connection was closed at the end of the shutdown grace period: no one to answer.
            log.LogDebug("{Method} {Uri} was aborted: {Reason}", context.Request.Method, rawTarget, e.Message);
            return;
        }
        catch (Exception e)
        {
            log.LogError(e, "Unhandled exception while handling {Method} {Uri}.", context.Request.Method, rawTarget);
            await WriteErrorAsync(context, 500,
                ["Internal server error.", Truncate($"<Exception on server side:\n{e}\nEnd of exception on server side>")]);
            return;
        }
        finally
        {
            if (uploadDirectory is not null && Directory.Exists(uploadDirectory)) Directory.Delete(uploadDirectory, recursive: true);
        }

        if (result.AfterResponse is { } after)
        {
            context.Response.OnCompleted(() =>
            {
                after();
                return Task.CompletedTask;
            });
        }
        switch (result)
        {
            case JsonResult json:
                await WriteJsonAsync(context, match.Endpoint.Spec.SuccessStatus, JsonSerializer.SerializeToUtf8Bytes(json.Body, json.TypeInfo));
                break;
            case FileResult file:
                try
                {
                    await WriteFileAsync(context, file);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && !context.Response.HasStarted)
                {
                    // The file went away (rolled over or deleted) between resolving and opening it.
                    await WriteErrorAsync(context, 404, [new NotFoundException($"The file {Path.GetFileName(file.Path)} does not exist.").ToWireText()]);
                }
                break;
        }
    }

    /// <summary>Body first, then path and query parameters: the order in which Flink reports what is wrong.</summary>
    private async Task<RestRequest> ParseRequestAsync(HttpContext context, RouteMatch match, string query, string? uploadDirectory,
        InFlightBodyBudget.Reservation reservation)
    {
        var spec = match.Endpoint.Spec;
        IReadOnlyList<UploadedFile> files = [];
        object body;
        using (var bytes = new RequestBodyBuffer(context.Request.ContentLength))
        {
            if (context.Request.ContentLength > options.MaxContentLength) throw RequestRejectedException.TooLarge(options.MaxContentLength);
            if (HasBody(context))
            {
                var contentType = context.Request.ContentType;
                if (IsMultipart(contentType))
                {
                    if (uploadDirectory is null) throw new RestHandlerException("File uploads not allowed.", 400);
                    files = await MultipartRequestReader.ReadAsync(context, uploadDirectory, bytes, reservation, options.MaxContentLength, context.RequestAborted);
                }
                else if (IsJson(contentType))
                {
                    // A declared length is reserved at once, so a body the budget cannot hold is refused before it is read.
                    if (context.Request.ContentLength is { } declared && !reservation.TryGrowTo(ReservedFor(declared)))
                        throw RequestRejectedException.OverBudget(BodyBudget.Capacity);
                    await bytes.FillAsync(context.Request.Body, reservation, options.MaxContentLength, context.RequestAborted);
                }
                else
                {
                    // A web page may send text/plain or a form to any site without asking first; JSON it may not.
                    var expected = uploadDirectory is null ? "application/json" : "multipart/form-data (or application/json)";
                    throw new RestHandlerException(contentType is null
                        ? $"Request body without a Content-Type. Send it as {expected}."
                        : $"Unsupported Content-Type '{contentType}' of the request body. Send it as {expected}.", 400);
                }
            }
            body = DeserializeBody(bytes, spec);
        }
        var pathParameters = spec.PathParameters.Count == 0 ? NoPathParameters : new Dictionary<string, object>(spec.PathParameters.Count);
        foreach (var p in spec.PathParameters)
        {
            var raw = match.PathParameters[p.Name];
            pathParameters[p.Name] = ParseOrThrow(() => p.Parse(raw), $"Cannot resolve path parameter ({p.Name}) from value \"{raw}\".");
        }
        var queryParameters = NoQueryParameters;
        if (spec.QueryParameters.Count > 0 && query.Length > 0)
        {
            queryParameters = new Dictionary<string, IReadOnlyList<object>>();
            var received = UrlDecoding.ParseQuery(query);
            foreach (var q in spec.QueryParameters)
            {
                if (!received.TryGetValue(q.Name, out var values) || values.Count == 0) continue;
                var joined = string.Join(',', values);
                queryParameters[q.Name] = ParseOrThrow(() => joined.Split(',').Select(q.Parse).ToList(),
                    $"Cannot resolve query parameter ({q.Name}) from value \"{joined}\".");
            }
        }
        return new RestRequest(pathParameters, queryParameters, body) { UploadedFiles = files };
    }

    private static bool IsAborted(HttpContext context, Exception e) =>
        context.RequestAborted.IsCancellationRequested || e is ConnectionAbortedException || e.InnerException is ConnectionAbortedException;

    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is { } length ? length > 0 : context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false;

    private static bool IsMultipart(string? contentType) => contentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>application/json or any +json type (RFC 6839), with any parameters.</summary>
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType.HasValue
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>What a body of a declared length takes: one array of that length, or one pooled segment for a small body.</summary>
    private static long ReservedFor(long declared) => Math.Max(declared, RequestBodyBuffer.SegmentSize);

    private static T ParseOrThrow<T>(Func<T> parse, string message)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            var cause = new HandlerRequestException(message);
            throw new RestHandlerException($"Bad request, could not parse parameters: {message}", 400, cause);
        }
    }

    private static object DeserializeBody(RequestBodyBuffer bytes, RestEndpointSpec spec)
    {
        var typeName = spec.RequestBody.Type.Name;
        if (bytes.Length == 0 && spec.RequestBody.Type == typeof(EmptyRequestBody)) return EmptyBody;
        var typeInfo = JacksonScalarCoercion.ForRequests(spec.RequestBody);
        if (bytes.Length == 0)
        {
            try
            {
                return JsonSerializer.Deserialize("{}"u8, typeInfo) ?? throw new JsonException();
            }
            catch (JsonException)
            {
                throw new RestHandlerException("Bad request received. Request did not conform to expected format.", 400);
            }
        }
        try
        {
            return Deserialize(bytes, typeInfo) ?? throw new JsonException("null body");
        }
        catch (JsonException e)
        {
            throw new RestHandlerException($"Request did not match expected format {typeName}.", 400, e);
        }
    }

    /// <summary>Parses the body where it lies in its segments; anything but white space after the value is an error.</summary>
    private static object? Deserialize(RequestBodyBuffer bytes, JsonTypeInfo typeInfo)
    {
        var reader = new Utf8JsonReader(bytes.AsSequence());
        var value = JsonSerializer.Deserialize(ref reader, typeInfo);
        if (reader.Read()) throw new JsonException($"Unexpected {reader.TokenType} after the JSON value.");
        return value;
    }

    /// <summary>Flink truncates error texts to max-content-length − 1024 characters so the response stays acceptable.</summary>
    private string Truncate(string text)
    {
        var max = options.MaxContentLength - 1024;
        return max > 3 && text.Length > max ? text[..(int)(max - 3)] + "..." : text;
    }

    private Task WriteRejectionAsync(HttpContext context, RequestRejectedException e)
    {
        if (e.CloseConnection) context.Response.Headers.Connection = "close";
        return WriteErrorAsync(context, e.Status, [e.Message]);
    }

    private Task WriteErrorAsync(HttpContext context, int status, IReadOnlyList<string> errors) =>
        WriteJsonAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(new ErrorResponseBody(errors), RestJsonContext.Wire.ErrorResponseBody));

    private Task WriteJsonAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        SetAllowOrigin(context);
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private void SetAllowOrigin(HttpContext context)
    {
        if (_origins.AllowOriginHeader(context.Request, out var variesByOrigin) is not { } allowed) return;
        context.Response.Headers.AccessControlAllowOrigin = allowed;
        if (variesByOrigin) context.Response.Headers.Vary = "Origin";
    }

    private async Task WriteFileAsync(HttpContext context, FileResult file)
    {
        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = file.ContentType;
        SetAllowOrigin(context);
        // A log file grows while it is sent; send what existed when the request arrived.
        var length = stream.Length;
        response.ContentLength = length;
        var buffer = new byte[64 * 1024];
        long sent = 0;
        while (sent < length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - sent)), context.RequestAborted);
            if (n == 0) break;
            await response.Body.WriteAsync(buffer.AsMemory(0, n), context.RequestAborted);
            sent += n;
        }
        if (sent < length) context.Abort();
    }
}
