using Brook.Rest.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Brook.Rest.Server;

/// <summary>
/// Reads a multipart/form-data request the way Flink's FileUploadHandler does: file parts are stored in a
/// fresh directory, the attribute named <c>request</c> is the JSON body, any other attribute is refused.
/// </summary>
internal static class MultipartRequestReader
{
    /// <summary>Flink's name of the multipart attribute that carries the JSON request body.</summary>
    public const string RequestAttribute = "request";

    public static async Task<(byte[] Body, IReadOnlyList<UploadedFile> Files)> ReadAsync(HttpContext context, string directory, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary)) throw new RestHandlerException("Bad request received.", 400);
        var reader = new MultipartReader(boundary, context.Request.Body);
        var files = new List<UploadedFile>();
        byte[] body = [];
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value;
                if (!string.IsNullOrEmpty(HeaderUtilities.RemoveQuotes(fileName).Value))
                {
                    Directory.CreateDirectory(directory);
                    var name = Path.GetFileName(HeaderUtilities.RemoveQuotes(fileName).Value!.Replace('\\', '/'));
                    var path = Path.Combine(directory, $"{files.Count}_{name}");
                    await using (var file = File.Create(path)) await section.Body.CopyToAsync(file, ct);
                    files.Add(new UploadedFile(path, name));
                }
                else
                {
                    var attribute = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    if (attribute != RequestAttribute) throw new RestHandlerException($"Received unknown attribute {attribute}.", 400);
                    using var buffer = new MemoryStream();
                    await section.Body.CopyToAsync(buffer, ct);
                    body = buffer.ToArray();
                }
            }
        }
        catch (IOException) when (files.Count == 0 && body.Length == 0 && !context.RequestAborted.IsCancellationRequested)
        {
            // A form without any part (only the closing boundary): no files were sent.
        }
        catch (InvalidDataException e)
        {
            throw new RestHandlerException("File upload failed.", 400, e);
        }
        return (body, files);
    }
}
