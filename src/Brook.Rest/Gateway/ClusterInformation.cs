namespace Brook.Rest.Gateway;

/// <summary>What does not change while the cluster runs.</summary>
/// <param name="ConfigurationEntries">The cluster configuration as key/value strings, sorted by key.</param>
/// <param name="Logs">Where this process writes its log and stdout.</param>
public sealed record ClusterInformation(
    IReadOnlyList<KeyValuePair<string, string>> ConfigurationEntries,
    long RefreshInterval,
    EnvironmentSnapshot Environment,
    LogLocation Logs);

/// <summary>The process's runtime, in the shape of Flink's JVM info.</summary>
public sealed record EnvironmentSnapshot(string RuntimeVersion, string Architecture, IReadOnlyList<string> Options, IReadOnlyList<string> Assemblies);

/// <summary>The log directory and the names of this process's current log and stdout files in it.</summary>
public sealed record LogLocation(string Directory, Func<string?> CurrentLogFile, string StdoutFile);
