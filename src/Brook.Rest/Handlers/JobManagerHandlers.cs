using Brook.Rest.Gateway;
using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>GET /jobmanager/config and GET /jobmanager/environment.</summary>
public static class JobManagerHandlers
{
    public static IReadOnlyList<ConfigurationInfoEntry> Config(IReadOnlyList<KeyValuePair<string, string>> entries) =>
        entries.Select(e => new ConfigurationInfoEntry(e.Key, e.Value)).ToList();

    public static EnvironmentInfo Environment(EnvironmentSnapshot env) =>
        new(new JvmInfo(env.RuntimeVersion, env.Architecture, env.Options), env.Assemblies);
}
