using System.Text.Json.Serialization.Metadata;

namespace Brook.Rest.Routing;

/// <summary>
/// One endpoint of the REST API as data: what the router matches, how parameters and bodies are parsed,
/// and what the success status is. The router, the conformance test and the docs read the same records.
/// </summary>
/// <param name="RequestBody">Type info of the JSON request body (EmptyRequestBody for none).</param>
/// <param name="ResponseBody">Type info of the JSON response body, or null when the endpoint answers plain text or a file.</param>
public sealed record RestEndpointSpec(
    RestVerb Verb,
    string PathTemplate,
    IReadOnlyList<PathParameterSpec> PathParameters,
    IReadOnlyList<QueryParameterSpec> QueryParameters,
    JsonTypeInfo RequestBody,
    JsonTypeInfo? ResponseBody,
    int SuccessStatus,
    string Description)
{
    /// <summary>The template's segments: literals, or <c>:name</c> for a path parameter.</summary>
    /// <summary>Accepts multipart/form-data with files (POST /jars/upload); other endpoints refuse uploads.</summary>
    public bool AcceptsFileUpload { get; init; }

    public IReadOnlyList<string> Segments { get; } =
        PathTemplate.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The path in the OpenAPI document's form (<c>/jobs/{jobid}</c>).</summary>
    public string OpenApiPath =>
        "/" + string.Join('/', Segments.Select(s => s.StartsWith(':') ? "{" + s[1..] + "}" : s));
}
