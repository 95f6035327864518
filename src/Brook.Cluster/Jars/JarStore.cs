using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Brook.Cluster.Jars;

/// <summary>
/// The JobManager's jar store under <c>web.upload.dir</c>: uploaded packages are kept as
/// <c>&lt;uuid&gt;_&lt;file name&gt;</c> (Flink's jar id form) and extracted once, on first use, into
/// <c>.extracted/&lt;id&gt;</c>. Inspection and extraction read packages under <see cref="JobPackageLimits"/>,
/// at most <see cref="JobPackageLimits.ExtractionConcurrency"/> at once, on pool threads and outside any lock,
/// so large packages never hold up unrelated requests.
/// </summary>
public sealed class JarStore
{
    private const string TemporarySuffix = ".tmp-";
    private readonly ConcurrentDictionary<string, StoredJar> _jars = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _extractions = new(StringComparer.Ordinal);
    private readonly string _extractRoot;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _log;
    private int _extractionCount;

    public JarStore(string uploadDir, JobPackageLimits? limits = null, ILogger? logger = null)
    {
        Limits = limits ?? JobPackageLimits.Default;
        _log = logger ?? NullLogger.Instance;
        _slots = new SemaphoreSlim(Limits.ExtractionConcurrency);
        UploadDir = Path.GetFullPath(uploadDir);
        Directory.CreateDirectory(UploadDir);
        _extractRoot = Path.Combine(UploadDir, ".extracted");
        DeleteTemporaryDirectories("*");
        // Packages left by an earlier run in a configured upload dir stay listed, as in Flink. One that cannot be
        // read (not a package, damaged, over a limit, unreadable) is logged and skipped: the directory is the user's.
        foreach (var file in Directory.EnumerateFiles(UploadDir))
        {
            try
            {
                Add(file);
            }
            catch (Exception e)
            {
                _log.LogWarning("Skipped {File} in the upload directory: it cannot be used as a job package: {Reason}", file, e.Message);
            }
        }
    }

    public string UploadDir { get; }

    public JobPackageLimits Limits { get; }

    /// <summary>How many extractions were started (each package is extracted once unless an extraction failed).</summary>
    public int ExtractionCount => Volatile.Read(ref _extractionCount);

    public static bool HasPackageExtension(string fileName) =>
        fileName.EndsWith(".jar", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stores an uploaded package; an invalid one is deleted again and reported.</summary>
    public async Task<StoredJar> UploadAsync(Stream content, string fileName, CancellationToken ct)
    {
        var safeName = Path.GetFileName(fileName.Replace('\\', '/'));
        if (safeName.Length == 0 || !HasPackageExtension(safeName))
            throw new InvalidJobPackageException("Only Jar files are allowed.");
        var path = Path.Combine(UploadDir, $"{Guid.NewGuid()}_{safeName}");
        try
        {
            await using (var file = File.Create(path))
            {
                await content.CopyToAsync(file, ct);
            }
            await _slots.WaitAsync(ct);
            try
            {
                return await Task.Run(() => Add(path), ct);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public IReadOnlyList<StoredJar> List() => _jars.Values.OrderByDescending(j => j.UploadedMillis).ThenBy(j => j.Id, StringComparer.Ordinal).ToList();

    public StoredJar? Get(string id) => _jars.TryGetValue(id, out var j) ? j : null;

    /// <summary>A stored package with this content key (several uploads of the same bytes share it), or null.</summary>
    public StoredJar? FindByBlobKey(string blobKey) => _jars.Values.FirstOrDefault(j => j.BlobKey == blobKey);

    /// <summary>Removes the package, its extracted folder and any folder an extraction left.</summary>
    public bool Delete(string id)
    {
        if (!_jars.TryRemove(id, out var jar)) return false;
        _extractions.TryRemove(id, out _);
        File.Delete(jar.Path);
        DeleteDirectory(Path.Combine(_extractRoot, id));
        DeleteTemporaryDirectories(id);
        return true;
    }

    /// <summary>
    /// The package's extracted folder, extracting it on first use. Concurrent callers share one extraction; a failed
    /// one is not remembered (the next call tries again, as the failure may be passing, such as a full disk) and
    /// leaves nothing behind. The caller's token only stops its own wait.
    /// </summary>
    public Task<string> ExtractAsync(StoredJar jar, CancellationToken ct = default)
    {
        var extraction = _extractions.GetOrAdd(jar.Id, _ => new Lazy<Task<string>>(() => Task.Run(() => ExtractOnceAsync(jar))));
        return extraction.Value.WaitAsync(ct);
    }

    private async Task<string> ExtractOnceAsync(StoredJar jar)
    {
        var dir = Path.Combine(_extractRoot, jar.Id);
        try
        {
            await _slots.WaitAsync();
            try
            {
                if (!Directory.Exists(dir)) Extract(jar, dir);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch
        {
            _extractions.TryRemove(jar.Id, out _);
            throw;
        }
        if (!_jars.ContainsKey(jar.Id))
        {
            // Deleted while it was being extracted.
            DeleteDirectory(dir);
            throw new InvalidJobPackageException($"The job package {jar.Id} was deleted.");
        }
        return dir;
    }

    private void Extract(StoredJar jar, string dir)
    {
        Interlocked.Increment(ref _extractionCount);
        var tmp = dir + TemporarySuffix + Guid.NewGuid().ToString("N");
        try
        {
            using (var archive = JobPackageArchive.Open(jar.Path, Limits)) archive.ExtractTo(tmp);
            Directory.Move(tmp, dir);
            _log.LogInformation("Extracted job package {Id}.", jar.Id);
        }
        catch (Exception e)
        {
            DeleteDirectory(tmp);
            _log.LogWarning("Could not extract job package {Id}: {Reason}", jar.Id, e.Message);
            throw;
        }
    }

    private void DeleteTemporaryDirectories(string id)
    {
        if (!Directory.Exists(_extractRoot)) return;
        foreach (var tmp in Directory.EnumerateDirectories(_extractRoot, id + TemporarySuffix + "*")) DeleteDirectory(tmp);
    }

    private void DeleteDirectory(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A running job may still hold files of its package open; the directory goes with the upload dir.
            _log.LogDebug("Could not delete {Dir}: {Reason}", dir, e.Message);
        }
    }

    private StoredJar Add(string path)
    {
        var info = JobPackageInspector.Inspect(path, Limits);
        var fileName = Path.GetFileName(path);
        var sep = fileName.IndexOf('_');
        var name = sep > 0 ? fileName[(sep + 1)..] : fileName;
        var jar = new StoredJar(fileName, name, new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds(), path, info,
            Blob.BlobKey.Compute(path));
        _jars[jar.Id] = jar;
        return jar;
    }
}
