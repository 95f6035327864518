using Microsoft.Extensions.Logging;

namespace Brook.Cluster.Jars;

/// <summary>
/// The loaded job packages: one collectible load context per package, shared by its plan and run invocations
/// and the jobs they submitted. Each use holds a lease; a deleted package is unloaded when its last lease ends.
/// </summary>
public sealed class JobPackages(ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LoadedPackage> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);

    /// <summary>Raised (outside the lock) when a package's load context was unloaded.</summary>
    public event Action<string>? Unloaded;

    /// <summary>Leases the package's load context, loading it from the extracted directory on first use.</summary>
    public JobPackageLease Acquire(StoredJar jar, string extractedDirectory)
    {
        lock (_lock)
        {
            if (_deleted.Contains(jar.Id)) throw new InvalidJobPackageException($"The job package {jar.Id} was deleted.");
            if (!_loaded.TryGetValue(jar.Id, out var package))
            {
                var context = new JobPackageLoadContext(jar.Id, Path.Combine(extractedDirectory, jar.Info.EntryAssembly));
                package = new LoadedPackage(jar.Id, context);
                _loaded[jar.Id] = package;
            }
            package.Leases++;
            return new JobPackageLease(this, package);
        }
    }

    /// <summary>Whether the package's code is loaded (a lease is held, or it was used and not deleted).</summary>
    public bool IsLoaded(string jarId)
    {
        lock (_lock) return _loaded.ContainsKey(jarId);
    }

    /// <summary>The package was deleted: unload it now if nothing uses it, else when the last lease ends.</summary>
    public void MarkDeleted(string jarId)
    {
        LoadedPackage? unload = null;
        lock (_lock)
        {
            _deleted.Add(jarId);
            if (_loaded.TryGetValue(jarId, out var package) && package.Leases == 0)
            {
                _loaded.Remove(jarId);
                unload = package;
            }
        }
        if (unload is not null) Unload(unload);
    }

    /// <summary>Ends one lease; a deleted package is unloaded when its last lease ends.</summary>
    internal void Release(LoadedPackage package)
    {
        var unload = false;
        lock (_lock)
        {
            package.Leases--;
            if (package.Leases == 0 && _deleted.Contains(package.Id))
            {
                _loaded.Remove(package.Id);
                unload = true;
            }
        }
        if (unload) Unload(package);
    }

    private void Unload(LoadedPackage package)
    {
        package.Context.Unload();
        logger.LogInformation("Unloaded job package {Id}.", package.Id);
        Unloaded?.Invoke(package.Id);
    }

    internal sealed class LoadedPackage(string id, JobPackageLoadContext context)
    {
        public string Id { get; } = id;

        public JobPackageLoadContext Context { get; } = context;

        public int Leases { get; set; }
    }
}

/// <summary>One use of a loaded package; disposing it ends the use (once).</summary>
public sealed class JobPackageLease : IDisposable
{
    private readonly JobPackages _owner;
    private readonly JobPackages.LoadedPackage _package;
    private int _disposed;

    internal JobPackageLease(JobPackages owner, JobPackages.LoadedPackage package)
    {
        _owner = owner;
        _package = package;
    }

    internal JobPackageLoadContext Context => _package.Context;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) _owner.Release(_package);
    }
}
