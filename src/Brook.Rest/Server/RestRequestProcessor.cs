using System.Text.Json;
using Brook.Rest.Messages;
using Brook.Rest.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Brook.Rest.Server;

/// <summary>
/// Turns one HTTP exchange into a routed, parsed handler call and writes the answer the way Flink's
/// AbstractHandler and HandlerUtils do (status codes, error bodies, headers).
/// </summary>
internal sealed class RestRequestProcessor(RestRouter router, RestServerOptions options, ILogger log)
{
    private const string JsonContentType = "application/json; charset=UTF-8";
    private static readonly EmptyRequestBody EmptyBody = new();
    private static readonly Dictionary<string, IReadOnlyList<object>> NoQueryParameters = new();
    private static readonly Dictionary<string, object> NoPathParameters = new();

    public async Task ProcessAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
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

        RestResult result;
        // Files of a multipart upload are stored here until the handler has answered.
        var uploadDirectory = match.Endpoint.Spec.AcceptsFileUpload ? Path.Combine(Path.GetTempPath(), "brook-web-upload-" + Guid.NewGuid().ToString("N")) : null;
        try
        {
            var request = await ParseRequestAsync(context, match, queryStart < 0 ? "" : rawTarget[(queryStart + 1)..], uploadDirectory);
            if (request is null) return;
            result = await match.Endpoint.Handle(request, context.RequestAborted);
        }
        catch (RestHandlerException e)
        {
            await WriteErrorAsync(context, e.Status, [Truncate(e.ToWireText())]);
            return;
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
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
    private async Task<RestRequest?> ParseRequestAsync(HttpContext context, RouteMatch match, string query, string? uploadDirectory)
    {
        var spec = match.Endpoint.Spec;
        IReadOnlyList<UploadedFile> files = [];
        byte[]? bytes;
        if (context.Request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true)
        {
            if (uploadDirectory is null) throw new RestHandlerException("File uploads not allowed.", 400);
            if (context.Request.ContentLength > options.MaxContentLength)
            {
                await WriteTooLargeAsync(context);
                return null;
            }
            try
            {
                (bytes, files) = await MultipartRequestReader.ReadAsync(context, uploadDirectory, context.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await WriteTooLargeAsync(context);
                return null;
            }
        }
        else
        {
            bytes = await ReadBodyAsync(context);
        }
        if (bytes is null) return null;
        var body = DeserializeBody(bytes, spec);
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

    private static object DeserializeBody(byte[] bytes, RestEndpointSpec spec)
    {
        var typeName = spec.RequestBody.Type.Name;
        if (bytes.Length == 0 && spec.RequestBody.Type == typeof(EmptyRequestBody)) return EmptyBody;
        if (bytes.Length == 0)
        {
            try
            {
                return JsonSerializer.Deserialize("{}"u8, spec.RequestBody)
                       ?? throw new JsonException();
            }
            catch (JsonException)
            {
                throw new RestHandlerException("Bad request received. Request did not conform to expected format.", 400);
            }
        }
        try
        {
            return JsonSerializer.Deserialize(bytes, spec.RequestBody) ?? throw new JsonException("null body");
        }
        catch (JsonException e)
        {
            throw new RestHandlerException($"Request did not match expected format {typeName}.", 400, e);
        }
    }

    /// <summary>Reads the body up to rest.server.max-content-length; a larger body answers 413 and closes the connection.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var declared = context.Request.ContentLength;
        if (declared > options.MaxContentLength)
        {
            await WriteTooLargeAsync(context);
            return null;
        }
        if (declared == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false) return [];
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + n > options.MaxContentLength)
                {
                    await WriteTooLargeAsync(context);
                    return null;
                }
                buffer.Write(chunk, 0, n);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteTooLargeAsync(context);
            return null;
        }
        return buffer.ToArray();
    }

    private Task WriteTooLargeAsync(HttpContext context)
    {
        context.Response.Headers.Connection = "close";
        return WriteErrorAsync(context, 413,
            [$"content length exceeded {options.MaxContentLength} bytes. Try to raise [rest.server.max-content-length]"]);
    }

    /// <summary>Flink truncates error texts to max-content-length − 1024 characters so the response stays acceptable.</summary>
    private string Truncate(string text)
    {
        var max = options.MaxContentLength - 1024;
        return max > 3 && text.Length > max ? text[..(int)(max - 3)] + "..." : text;
    }

    private Task WriteErrorAsync(HttpContext context, int status, IReadOnlyList<string> errors) =>
        WriteJsonAsync(context, status, JsonSerializer.SerializeToUtf8Bytes(new ErrorResponseBody(errors), RestJsonContext.Wire.ErrorResponseBody));

    private Task WriteJsonAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        response.Headers.AccessControlAllowOrigin = options.AccessControlAllowOrigin;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private async Task WriteFileAsync(HttpContext context, FileResult file)
    {
        await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = file.ContentType;
        response.Headers.AccessControlAllowOrigin = options.AccessControlAllowOrigin;
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
