using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>POST /jars/upload: the stored file's path on the server (its file name is the jar id).</summary>
public sealed record JarUploadResponseBody(
    [property: JsonPropertyName("filename")] string FileName,
    [property: JsonPropertyName("status")] string Status);

/// <summary>GET /jars.</summary>
public sealed record JarListInfo(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("files")] IReadOnlyList<JarFileInfo> Files);

public sealed record JarFileInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("uploaded")] long Uploaded,
    [property: JsonPropertyName("entry")] IReadOnlyList<JarEntryInfo> Entry);

/// <summary>An entry class of a package; Flink's description is the class's own (null when it has none).</summary>
public sealed record JarEntryInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description);

/// <summary>POST/GET /jars/:jarid/plan body; every field may be left out.</summary>
public sealed record JarPlanRequestBody(
    [property: JsonPropertyName("entryClass")] string? EntryClass = null,
    [property: JsonPropertyName("programArgsList")] IReadOnlyList<string>? ProgramArgsList = null,
    [property: JsonPropertyName("parallelism")] int? Parallelism = null,
    [property: JsonPropertyName("jobId")] string? JobId = null,
    [property: JsonPropertyName("flinkConfiguration")] IReadOnlyDictionary<string, string>? FlinkConfiguration = null,
    [property: JsonPropertyName("programArgs")] string? ProgramArgs = null);

/// <summary>POST /jars/:jarid/run body; every field may be left out. <c>programArgs</c> (one string) is what older Flink dashboards send.</summary>
public sealed record JarRunRequestBody(
    [property: JsonPropertyName("entryClass")] string? EntryClass = null,
    [property: JsonPropertyName("programArgsList")] IReadOnlyList<string>? ProgramArgsList = null,
    [property: JsonPropertyName("parallelism")] int? Parallelism = null,
    [property: JsonPropertyName("jobId")] string? JobId = null,
    [property: JsonPropertyName("allowNonRestoredState")] bool? AllowNonRestoredState = null,
    [property: JsonPropertyName("savepointPath")] string? SavepointPath = null,
    [property: JsonPropertyName("claimMode")] string? ClaimMode = null,
    [property: JsonPropertyName("restoreMode")] string? RestoreMode = null,
    [property: JsonPropertyName("flinkConfiguration")] IReadOnlyDictionary<string, string>? FlinkConfiguration = null,
    [property: JsonPropertyName("programArgs")] string? ProgramArgs = null);

/// <summary>POST /jars/:jarid/run answer.</summary>
public sealed record JarRunResponseBody([property: JsonPropertyName("jobid")] string JobId);
