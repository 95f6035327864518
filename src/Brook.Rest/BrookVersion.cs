using System.Reflection;

namespace Brook.Rest;

/// <summary>The Flink REST API version Brook implements, and Brook's own version and commit (embedded at build time).</summary>
public static class BrookVersion
{
    public const string FlinkVersion = "2.1.0";

    public static string Version { get; } =
        typeof(BrookVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static string Commit { get; } =
        typeof(BrookVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BrookCommit")?.Value
        ?? "unknown";

    /// <summary>What /config reports as flink-revision and /overview as flink-commit.</summary>
    public static string Revision => $"Brook {Version} @ {Commit}";
}
