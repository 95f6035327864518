using Brook.Core.Configuration;

namespace Brook.Cluster.Jars;

/// <summary>
/// The configuration a job program's entry point runs with: the base (the cluster's), overridden by the run request's
/// entries and its parallelism. The JobManager computes it once per run and the job's package reference carries it, so a
/// TaskManager rebuilding the graph runs the entry point with exactly the same settings.
/// </summary>
internal static class ProgramConfiguration
{
    public static Configuration Effective(Configuration baseConfiguration, IReadOnlyDictionary<string, string> overrides, int? parallelism)
    {
        var configuration = baseConfiguration.Copy();
        foreach (var (k, v) in overrides) configuration.SetRaw(k, v);
        if (parallelism is { } p) configuration.Set(CoreOptions.ParallelismDefault, p);
        return configuration;
    }
}
