using System.Buffers;
using System.Text;
using Brook.Rest.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Brook.Rest.Server;

/// <summary>
/// Reads a multipart/form-data request the way Flink's FileUploadHandler does: file parts are streamed to a
/// fresh directory as they arrive, the attribute named <c>request</c> is the JSON body, any other attribute is
/// refused. A malformed form is the client's error (400), not the server's.
/// </summary>
internal static class MultipartRequestReader
{
    /// <summary>Flink's name of the multipart attribute that carries the JSON request body.</summary>
    public const string RequestAttribute = "request";

    /// <summary>RFC 2046 caps a boundary at 70 characters.</summary>
    private const int MaxBoundaryLength = 70;

    /// <summary>
    /// The longest file name (UTF-8 bytes) kept for an upload: the jar store prefixes a 37-character id and its
    /// extraction folder adds a suffix, and file systems refuse names beyond 255 bytes.
    /// </summary>
    public const int MaxFileNameBytes = 150;

    public static async Task<IReadOnlyList<UploadedFile>> ReadAsync(HttpContext context, string directory, RequestBodyBuffer body,
        InFlightBodyBudget.Reservation reservation, long maxContentLength, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)) throw BadForm("malformed Content-Type");
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary)) throw BadForm("no multipart boundary");
        if (boundary.Length > MaxBoundaryLength) throw BadForm($"a multipart boundary is longer than {MaxBoundaryLength} characters");
        var reader = new MultipartReader(boundary, context.Request.Body);
        var files = new List<UploadedFile>();
        var parts = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                parts++;
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                if (!string.IsNullOrEmpty(fileName))
                {
                    var name = Path.GetFileName(fileName.Replace('\\', '/'));
                    if (Encoding.UTF8.GetByteCount(name) > MaxFileNameBytes)
                        throw new RestHandlerException($"The file name of an upload may have at most {MaxFileNameBytes} bytes.", 400);
                    Directory.CreateDirectory(directory);
                    var path = Path.Combine(directory, $"{files.Count}_{name}");
                    // Recorded before copying, so a failed copy is cleaned up with the directory.
                    files.Add(new UploadedFile(path, name));
                    await StoreAsync(section.Body, path, ct);
                }
                else
                {
                    var attribute = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    if (attribute != RequestAttribute) throw new RestHandlerException($"Received unknown attribute {attribute}.", 400);
                    await body.FillAsync(section.Body, reservation, maxContentLength, ct);
                }
            }
        }
        catch (BadHttpRequestException)
        {
            // The request itself is broken (bad chunks, too slow, too large): the endpoint answers for the protocol.
            throw;
        }
        catch (IOException) when (parts == 0 && !context.RequestAborted.IsCancellationRequested)
        {
            // A form without any part (an empty section and the closing boundary, as .NET sends it): no files were sent.
        }
        catch (Exception e) when (e is IOException or InvalidDataException && !context.RequestAborted.IsCancellationRequested)
        {
            throw BadForm(e.Message, e);
        }
        return files;
    }

    /// <summary>Streams a file part to disk; a failure to write is the server's (500), a failure to read the client's.</summary>
    private static async Task StoreAsync(Stream part, string path, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            await using var file = Create(path);
            int n;
            while ((n = await part.ReadAsync(buffer, ct)) > 0)
            {
                try
                {
                    await file.WriteAsync(buffer.AsMemory(0, n), ct);
                }
                catch (IOException e)
                {
                    throw new InvalidOperationException($"Could not store the uploaded file {path}: {e.Message}", e);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static FileStream Create(string path)
    {
        try
        {
            return File.Create(path);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"Could not store the uploaded file {path}: {e.Message}", e);
        }
    }

    private static RequestRejectedException BadForm(string why, Exception? cause = null) =>
        new(400, $"Bad request received. The multipart form could not be read: {why}.", closeConnection: true, cause);
}
