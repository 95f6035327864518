namespace Brook.Rest.Routing;

/// <summary>The HTTP methods Flink's REST API uses.</summary>
public enum RestVerb
{
    Get,
    Post,
    Put,
    Patch,
    Delete,
}
