using System.Text.Json.Serialization;

namespace Brook.Rest.Tests;

public sealed record TestRequest(
    [property: JsonPropertyName("name"), JsonRequired] string Name,
    [property: JsonPropertyName("count")] int Count);

/// <summary>The scalar shapes of Flink's request bodies: optional number and boolean, required number, text, list and map of text.</summary>
public sealed record CoercionRequest(
    [property: JsonPropertyName("parallelism")] int? Parallelism = null,
    [property: JsonPropertyName("allowNonRestoredState")] bool? AllowNonRestoredState = null,
    [property: JsonPropertyName("expiredTimestamp")] long ExpiredTimestamp = 0,
    [property: JsonPropertyName("entryClass")] string? EntryClass = null,
    [property: JsonPropertyName("programArgsList")] IReadOnlyList<string>? ProgramArgsList = null,
    [property: JsonPropertyName("flinkConfiguration")] IReadOnlyDictionary<string, string>? FlinkConfiguration = null);

public sealed record EchoResponse(
    [property: JsonPropertyName("values")] IReadOnlyList<string> Values);

public enum TestMode
{
    Cancel,
    Stop,
}

[JsonSerializable(typeof(TestRequest))]
[JsonSerializable(typeof(CoercionRequest))]
[JsonSerializable(typeof(EchoResponse))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
