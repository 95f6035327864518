using Brook.Core.Configuration;
using Brook.Runtime.Diagnostics;

namespace Brook.Rest.ThreadInfo;

/// <summary>The rest.flamegraph.* settings the flame graph endpoint runs with.</summary>
public sealed record FlameGraphSettings(bool Enabled, TimeSpan CleanupInterval, TimeSpan RefreshInterval, ThreadInfoSamplesRequest Request)
{
    /// <summary>Reads the settings; a bad value fails naming its key, as at start-up.</summary>
    public static FlameGraphSettings From(Configuration config) => new(
        config.Get(FlameGraphOptions.Enabled),
        config.Get(FlameGraphOptions.CleanupInterval),
        config.Get(FlameGraphOptions.RefreshInterval),
        new ThreadInfoSamplesRequest(config.Get(FlameGraphOptions.NumSamples), config.Get(FlameGraphOptions.DelayBetweenSamples),
            config.Get(FlameGraphOptions.StackDepth)));
}
