namespace Brook.Rest.Routing;

/// <summary>A routed request with parsed path parameters, parsed query parameters and the deserialized body.</summary>
public sealed class RestRequest(
    IReadOnlyDictionary<string, object> pathParameters,
    IReadOnlyDictionary<string, IReadOnlyList<object>> queryParameters,
    object body)
{
    public object Body { get; } = body;

    /// <summary>Files of a multipart request to an endpoint that accepts uploads.</summary>
    public IReadOnlyList<UploadedFile> UploadedFiles { get; init; } = [];

    public T Path<T>(string name) => (T)pathParameters[name];

    /// <summary>The parsed values of a query parameter; empty when the request does not carry it.</summary>
    public IReadOnlyList<T> Query<T>(string name) =>
        queryParameters.TryGetValue(name, out var values) ? values.Cast<T>().ToList() : [];

    public TBody BodyAs<TBody>() => (TBody)Body;
}
