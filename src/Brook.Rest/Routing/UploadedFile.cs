namespace Brook.Rest.Routing;

/// <summary>A file sent in a multipart request, stored on the server until the handler has answered.</summary>
/// <param name="Path">Where the file's bytes are stored.</param>
/// <param name="FileName">The name the client gave the file.</param>
public sealed record UploadedFile(string Path, string FileName);
