using Brook.Core.Configuration;
using Brook.Rest.Gateway;
using Brook.Rest.Messages;

namespace Brook.Rest.Handlers;

/// <summary>GET /jobmanager/config and GET /jobmanager/environment; values of sensitive keys are shown as Flink shows them.</summary>
public static class JobManagerHandlers
{
    public static IReadOnlyList<ConfigurationInfoEntry> Config(IEnumerable<KeyValuePair<string, string>> entries) =>
        SensitiveKeys.Mask(entries).Select(e => new ConfigurationInfoEntry(e.Key, e.Value)).ToList();

    public static EnvironmentInfo Environment(EnvironmentSnapshot env) =>
        new(new JvmInfo(env.RuntimeVersion, env.Architecture, SensitiveKeys.MaskArguments(env.Options)), env.Assemblies);
}
