using System.Text.Json.Serialization.Metadata;

namespace Brook.Rest.Routing;

/// <summary>What a handler answers: a JSON body, or a file sent as plain text.</summary>
public abstract record RestResult
{
    /// <summary>Runs after the response has been sent (e.g. shutting the cluster down after DELETE /cluster answered).</summary>
    public Action? AfterResponse { get; init; }
}

public sealed record JsonResult(object Body, JsonTypeInfo TypeInfo) : RestResult;

public sealed record FileResult(string Path, string ContentType) : RestResult;
