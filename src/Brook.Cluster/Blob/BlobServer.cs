using Brook.Cluster.Jars;
using Microsoft.Win32.SafeHandles;

namespace Brook.Cluster.Blob;

/// <summary>
/// What the JobManager's blob service serves (Flink's BlobServer, for the permanent blobs of job packages): the packages
/// in the jar store, found by their content key, and the packages running jobs retain. A retained package is held open,
/// so deleting its jar (DELETE /jars/:jarid) does not stop TaskManagers from downloading it while a job uses it; the file
/// goes when the last job retaining it has ended. A key is only ever looked up, never turned into a path.
/// </summary>
internal sealed class BlobServer(JarStore store)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Retained> _retained = new(StringComparer.Ordinal);

    /// <summary>Keys retained by jobs now (tests and logs).</summary>
    public int RetainedCount
    {
        get
        {
            lock (_lock) return _retained.Count;
        }
    }

    /// <summary>Keeps the package servable until the returned lease is disposed, even if its jar is deleted meanwhile.</summary>
    public IDisposable Retain(StoredJar jar)
    {
        lock (_lock)
        {
            if (!_retained.TryGetValue(jar.BlobKey, out var retained))
            {
                retained = new Retained(jar.BlobKey, OpenOrNull(jar.Path) ?? throw new InvalidJobPackageException($"The job package {jar.Id} was deleted."));
                _retained[jar.BlobKey] = retained;
            }
            retained.Holders++;
            return new Lease(this, retained);
        }
    }

    /// <summary>The package with this content key, open for reading, or null when no stored or retained package has it.</summary>
    public BlobContent? Open(string key)
    {
        if (!BlobKey.IsWellFormed(key)) return null;
        lock (_lock)
        {
            if (_retained.TryGetValue(key, out var retained))
            {
                retained.Holders++;
                return new BlobContent(retained.Handle, new Lease(this, retained));
            }
        }
        // A stored package that no job retains: opened for this download only; deleted in between, it is unknown.
        var handle = store.FindByBlobKey(key) is { } jar ? OpenOrNull(jar.Path) : null;
        return handle is null ? null : new BlobContent(handle, handle);
    }

    private void Release(Retained retained)
    {
        lock (_lock)
        {
            if (--retained.Holders > 0) return;
            _retained.Remove(retained.Key);
        }
        retained.Handle.Dispose();
    }

    private static SafeFileHandle? OpenOrNull(string path)
    {
        try
        {
            // Shared for deletion: a retained package stays readable through this handle after its jar was deleted.
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private sealed class Retained(string key, SafeFileHandle handle)
    {
        public string Key { get; } = key;

        public SafeFileHandle Handle { get; } = handle;

        public int Holders { get; set; }
    }

    private sealed class Lease(BlobServer owner, Retained retained) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Release(retained);
        }
    }
}

/// <summary>A package open for one download: read with positional reads, so concurrent downloads share a handle safely.</summary>
internal sealed class BlobContent(SafeFileHandle handle, IDisposable release) : IDisposable
{
    public long Length => RandomAccess.GetLength(handle);

    public ValueTask<int> ReadAsync(Memory<byte> buffer, long offset, CancellationToken cancellationToken) =>
        RandomAccess.ReadAsync(handle, buffer, offset, cancellationToken);

    public void Dispose() => release.Dispose();
}
