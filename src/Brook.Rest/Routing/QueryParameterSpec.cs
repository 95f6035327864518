namespace Brook.Rest.Routing;

/// <summary>
/// A query parameter and the parser of one of its comma-separated values. As in Flink, repeated keys are joined
/// with ',' and the joined string is split on ',' before each part is parsed.
/// </summary>
public sealed record QueryParameterSpec(string Name, Type ValueType, Func<string, object> Parse, string Description);
