using Brook.Core.Configuration;

namespace Brook.Rest.Server;

/// <summary>The REST endpoint's settings, read from Flink's keys.</summary>
public sealed record RestServerOptions(string BindAddress, int Port, long MaxContentLength, string AccessControlAllowOrigin)
{
    public static RestServerOptions FromConfiguration(Configuration config) =>
        new(config.Get(CoreOptions.RestBindAddress), config.Get(CoreOptions.RestPort), config.Get(CoreOptions.RestServerMaxContentLength),
            config.Get(CoreOptions.WebAccessControlAllowOrigin));
}
