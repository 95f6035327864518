namespace Brook.Rest.Routing;

/// <summary>A path parameter (<c>:name</c> in the template) and its parser; the parser throws on a malformed value.</summary>
public sealed record PathParameterSpec(string Name, Type ValueType, Func<string, object> Parse, string Description);
