using System.Text.Json.Serialization;

namespace Brook.Rest.Tests;

public sealed record TestRequest(
    [property: JsonPropertyName("name"), JsonRequired] string Name,
    [property: JsonPropertyName("count")] int Count);

public sealed record EchoResponse(
    [property: JsonPropertyName("values")] IReadOnlyList<string> Values);

public enum TestMode
{
    Cancel,
    Stop,
}

[JsonSerializable(typeof(TestRequest))]
[JsonSerializable(typeof(EchoResponse))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
