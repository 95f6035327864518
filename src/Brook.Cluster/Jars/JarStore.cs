using System.Collections.Concurrent;
using System.IO.Compression;

namespace Brook.Cluster.Jars;

/// <summary>
/// The JobManager's jar store under <c>web.upload.dir</c>: uploaded packages are kept as
/// <c>&lt;uuid&gt;_&lt;file name&gt;</c> (Flink's jar id form) and extracted once, on first use.
/// </summary>
public sealed class JarStore
{
    private readonly ConcurrentDictionary<string, StoredJar> _jars = new(StringComparer.Ordinal);
    private readonly string _extractRoot;

    public JarStore(string uploadDir)
    {
        UploadDir = Path.GetFullPath(uploadDir);
        Directory.CreateDirectory(UploadDir);
        _extractRoot = Path.Combine(UploadDir, ".extracted");
        // Packages left by an earlier run in a configured upload dir stay listed, as in Flink.
        foreach (var file in Directory.EnumerateFiles(UploadDir))
        {
            try
            {
                Add(file);
            }
            catch (InvalidJobPackageException)
            {
                // Not a package (or a damaged one): it is not listed, and the directory is the user's to clean.
            }
        }
    }

    public string UploadDir { get; }

    public static bool HasPackageExtension(string fileName) =>
        fileName.EndsWith(".jar", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stores an uploaded package; an invalid one is deleted again and reported.</summary>
    public async Task<StoredJar> UploadAsync(Stream content, string fileName, CancellationToken ct)
    {
        var safeName = Path.GetFileName(fileName.Replace('\\', '/'));
        if (safeName.Length == 0 || !HasPackageExtension(safeName))
            throw new InvalidJobPackageException("Only Jar files are allowed.");
        var path = Path.Combine(UploadDir, $"{Guid.NewGuid()}_{safeName}");
        await using (var file = File.Create(path))
        {
            await content.CopyToAsync(file, ct);
        }
        try
        {
            return Add(path);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public IReadOnlyList<StoredJar> List() => _jars.Values.OrderByDescending(j => j.UploadedMillis).ThenBy(j => j.Id, StringComparer.Ordinal).ToList();

    public StoredJar? Get(string id) => _jars.TryGetValue(id, out var j) ? j : null;

    public bool Delete(string id)
    {
        if (!_jars.TryRemove(id, out var jar)) return false;
        File.Delete(jar.Path);
        var extracted = Path.Combine(_extractRoot, id);
        try
        {
            if (Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true);
        }
        catch (IOException)
        {
            // A running job may still hold files of its package open; the directory goes with the upload dir.
        }
        return true;
    }

    /// <summary>The package's extracted directory, extracting it on first use.</summary>
    public string Extract(StoredJar jar)
    {
        var dir = Path.Combine(_extractRoot, jar.Id);
        lock (_jars)
        {
            if (!Directory.Exists(dir))
            {
                var tmp = dir + ".tmp-" + Guid.NewGuid().ToString("N");
                ZipFile.ExtractToDirectory(jar.Path, tmp);
                Directory.Move(tmp, dir);
            }
        }
        return dir;
    }

    private StoredJar Add(string path)
    {
        var info = JobPackageInspector.Inspect(path);
        var fileName = Path.GetFileName(path);
        var sep = fileName.IndexOf('_');
        var name = sep > 0 ? fileName[(sep + 1)..] : fileName;
        var jar = new StoredJar(fileName, name, new DateTimeOffset(File.GetLastWriteTimeUtc(path)).ToUnixTimeMilliseconds(), path, info);
        _jars[jar.Id] = jar;
        return jar;
    }
}
