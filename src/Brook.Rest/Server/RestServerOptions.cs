using Brook.Core.Configuration;

namespace Brook.Rest.Server;

/// <summary>
/// The REST endpoint's settings, read from Flink's keys and Brook's own. <see cref="AccessControlAllowOrigin"/> null
/// means the server's own origin only (Flink's default is '*').
/// </summary>
public sealed record RestServerOptions(string BindAddress, int Port, long MaxContentLength, string? AccessControlAllowOrigin = null)
{
    /// <summary>rest.address: the name clients use, accepted in the Host header.</summary>
    public string AdvertisedAddress { get; init; } = CoreOptions.RestAddress.Default;

    /// <summary>rest.allowed-hosts: further names accepted in the Host header; "*" accepts any.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    public long MaxInFlightBodyBytes { get; init; } = CoreOptions.RestServerMaxInFlightBodyBytes.Default;

    public TimeSpan ShutdownGracePeriod { get; init; } = CoreOptions.RestServerShutdownGracePeriod.Default;

    public static RestServerOptions FromConfiguration(Configuration config) =>
        new(config.Get(CoreOptions.RestBindAddress), config.Get(CoreOptions.RestPort), config.Get(CoreOptions.RestServerMaxContentLength),
            config.Get(CoreOptions.WebAccessControlAllowOrigin))
        {
            AdvertisedAddress = config.Get(CoreOptions.RestAddress),
            AllowedHosts = RequestOriginPolicy.Split(config.Get(CoreOptions.RestAllowedHosts)),
            MaxInFlightBodyBytes = config.Get(CoreOptions.RestServerMaxInFlightBodyBytes),
            ShutdownGracePeriod = config.Get(CoreOptions.RestServerShutdownGracePeriod),
        };
}
