using System.Text.Json.Serialization;

namespace Brook.Rest.Messages;

/// <summary>Every failure's body: <c>{"errors":[...]}</c>.</summary>
public sealed record ErrorResponseBody([property: JsonPropertyName("errors")] IReadOnlyList<string> Errors);

/// <summary>The request body of endpoints that take none; any JSON object is accepted (unknown fields are ignored).</summary>
public sealed record EmptyRequestBody;

/// <summary>The body <c>{}</c>.</summary>
public sealed record EmptyResponseBody;
