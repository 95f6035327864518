using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>One entry of GET /jobmanager/config.</summary>
public sealed record ConfigurationInfoEntry(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] string Value);

/// <summary>GET /jobmanager/environment: the runtime (Flink's "jvm" object) and the loaded assemblies (its "classpath").</summary>
public sealed record EnvironmentInfo(
    [property: JsonPropertyName("jvm")] JvmInfo Jvm,
    [property: JsonPropertyName("classpath")] IReadOnlyList<string> Classpath);

public sealed record JvmInfo(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("arch")] string Arch,
    [property: JsonPropertyName("options")] IReadOnlyList<string> Options);

/// <summary>GET /jobmanager/logs.</summary>
public sealed record LogListInfo([property: JsonPropertyName("logs")] IReadOnlyList<LogInfo> Logs);

public sealed record LogInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("mtime")] long MTime);
