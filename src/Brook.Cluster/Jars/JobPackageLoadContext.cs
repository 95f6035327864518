using System.Reflection;
using System.Runtime.Loader;

namespace Brook.Cluster.Jars;

/// <summary>
/// A collectible load context for one extracted job package. Assemblies the host already has (Brook's own,
/// the framework, shared libraries) come from the default context so the job and the cluster share types —
/// the pipeline a job builds is read by the cluster's own <c>Brook.Streaming</c>. Everything else comes from
/// the package, resolved through its <c>.deps.json</c>.
/// </summary>
internal sealed class JobPackageLoadContext : AssemblyLoadContext
{
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(ReadHostAssemblies);
    private readonly AssemblyDependencyResolver _resolver;

    public JobPackageLoadContext(string name, string entryAssemblyPath) : base(name, isCollectible: true)
    {
        EntryAssemblyPath = entryAssemblyPath;
        _resolver = new AssemblyDependencyResolver(entryAssemblyPath);
    }

    public string EntryAssemblyPath { get; }

    public Assembly LoadEntryAssembly() => LoadFromAssemblyPath(EntryAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } n && IsShared(n)) return null;
        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static bool IsShared(string name) =>
        name.StartsWith("Brook.", StringComparison.Ordinal) || HostAssemblies.Value.Contains(name)
        || Default.Assemblies.Any(a => a.GetName().Name == name);

    private static HashSet<string> ReadHostAssemblies()
    {
        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        return tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }
}
