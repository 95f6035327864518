namespace Brook.Rest.Routing;

/// <summary>A spec and its thin handler.</summary>
public sealed record RestEndpoint(RestEndpointSpec Spec, Func<RestRequest, CancellationToken, ValueTask<RestResult>> Handle);
