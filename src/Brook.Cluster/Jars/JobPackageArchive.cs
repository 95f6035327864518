using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Brook.Cluster.Jars;

/// <summary>
/// A job package opened for reading under <see cref="JobPackageLimits"/>. Opening checks what the zip declares
/// (entry count, names that would escape the package's folder, sizes, ratios) before any byte is decompressed;
/// copying an entry counts the bytes actually decompressed and stops at the first limit they pass, since a
/// zip's declared sizes can lie. Damaged data is reported as an invalid package, never as a server error.
/// </summary>
internal sealed class JobPackageArchive : IDisposable
{
    private const int CopyBufferSize = 1 << 16;
    private const int EndOfCentralDirectorySize = 22;
    private readonly ZipArchive _zip;
    private readonly JobPackageLimits _limits;
    private readonly long _packageLength;
    private long _expanded;

    private JobPackageArchive(ZipArchive zip, JobPackageLimits limits, long packageLength, IReadOnlyList<JobPackageEntry> entries)
    {
        _zip = zip;
        _limits = limits;
        _packageLength = packageLength;
        Entries = entries;
    }

    /// <summary>The entries in archive order, each with its path relative to the package's folder.</summary>
    public IReadOnlyList<JobPackageEntry> Entries { get; }

    public static JobPackageArchive Open(string path, JobPackageLimits limits)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferSize);
        try
        {
            var declared = DeclaredEntryCount(file);
            if (declared > (ulong)limits.MaxEntries) throw TooManyEntries(declared, limits);
            var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
            try
            {
                return new JobPackageArchive(zip, limits, file.Length, CheckDeclared(zip, limits, file.Length));
            }
            catch
            {
                zip.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            file.Dispose();
            throw new InvalidJobPackageException("The file is not a job package: it is not a zip archive (a job package is the zipped output of 'dotnet publish').", e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Decompresses an entry into the destination, counting against the limits as the bytes come.</summary>
    public void Copy(JobPackageEntry entry, Stream destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        long entryBytes = 0;
        try
        {
            using var source = entry.Zip.Open();
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                entryBytes += n;
                _expanded += n;
                CheckExpanded(entry, entryBytes);
                destination.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            throw new InvalidJobPackageException($"The entry '{entry.Zip.FullName}' is damaged: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes every entry under the directory, which must not exist yet; the caller removes it on failure.</summary>
    public void ExtractTo(string directory)
    {
        var root = Path.GetFullPath(directory);
        Directory.CreateDirectory(root);
        var prefix = root + Path.DirectorySeparatorChar;
        foreach (var entry in Entries)
        {
            var target = Path.GetFullPath(Path.Combine(root, entry.Path));
            // The names were checked at opening; this guards against anything the platform resolves differently.
            if (!target.StartsWith(prefix, StringComparison.Ordinal)) throw EscapingEntry(entry.Zip.FullName);
            if (entry.IsDirectory)
            {
                Directory.CreateDirectory(target);
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize);
            Copy(entry, file);
        }
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>
    /// The path of an entry inside the package's folder, '/'-separated, or null when it would escape it: a '..'
    /// segment, an absolute path, a drive letter or any ':' (Windows drives and alternate data streams), a NUL.
    /// </summary>
    internal static string? RelativePath(string name)
    {
        var normalized = name.Replace('\\', '/');
        if (normalized.StartsWith('/') || normalized.Contains(':') || normalized.Contains('\0')) return null;
        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Any(s => s == "..")) return null;
        return string.Join('/', segments);
    }

    private static List<JobPackageEntry> CheckDeclared(ZipArchive zip, JobPackageLimits limits, long packageLength)
    {
        var zipEntries = zip.Entries;
        if (zipEntries.Count > limits.MaxEntries) throw TooManyEntries((ulong)zipEntries.Count, limits);
        var entries = new List<JobPackageEntry>(zipEntries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long declaredTotal = 0;
        foreach (var zipEntry in zipEntries)
        {
            var path = RelativePath(zipEntry.FullName) ?? throw EscapingEntry(zipEntry.FullName);
            var isDirectory = zipEntry.FullName.EndsWith('/') || zipEntry.FullName.EndsWith('\\') || path.Length == 0;
            if (!isDirectory && !seen.Add(path)) throw new InvalidJobPackageException($"The package holds the entry '{zipEntry.FullName}' twice.");
            if (zipEntry.Length > limits.MaxEntrySize) throw EntryTooLarge(zipEntry.FullName, limits);
            if (zipEntry.Length > JobPackageLimits.RatioGraceSize && zipEntry.Length > Math.Max(zipEntry.CompressedLength, 1) * limits.MaxCompressionRatio)
                throw EntryRatioTooHigh(zipEntry.FullName, limits);
            declaredTotal += zipEntry.Length;
            if (declaredTotal > limits.MaxExpandedSize) throw PackageTooLarge(limits);
            entries.Add(new JobPackageEntry(zipEntry, path, isDirectory));
        }
        if (declaredTotal > JobPackageLimits.RatioGraceSize && declaredTotal > packageLength * limits.MaxCompressionRatio) throw PackageRatioTooHigh(limits);
        return entries;
    }

    private void CheckExpanded(JobPackageEntry entry, long entryBytes)
    {
        if (entryBytes > _limits.MaxEntrySize) throw EntryTooLarge(entry.Zip.FullName, _limits);
        if (_expanded > _limits.MaxExpandedSize) throw PackageTooLarge(_limits);
        if (entryBytes > JobPackageLimits.RatioGraceSize && entryBytes > Math.Max(entry.Zip.CompressedLength, 1) * _limits.MaxCompressionRatio)
            throw EntryRatioTooHigh(entry.Zip.FullName, _limits);
        if (_expanded > JobPackageLimits.RatioGraceSize && _expanded > _packageLength * _limits.MaxCompressionRatio) throw PackageRatioTooHigh(_limits);
    }

    /// <summary>
    /// The entry count the end of central directory record declares (its Zip64 form when the classic one is
    /// saturated), read before the archive's directory is loaded into memory; 0 when there is no such record
    /// (the zip reader then reports the damage).
    /// </summary>
    private static ulong DeclaredEntryCount(FileStream file)
    {
        var tailLength = (int)Math.Min(file.Length, EndOfCentralDirectorySize + ushort.MaxValue);
        var tail = new byte[tailLength];
        file.Position = file.Length - tailLength;
        file.ReadExactly(tail);
        file.Position = 0;
        for (var i = tailLength - EndOfCentralDirectorySize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != 0x06054b50) continue;
            ulong count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
            if (count != ushort.MaxValue || i < 20 || BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i - 20)) != 0x07064b50) return count;
            var zip64Record = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(i - 12));
            if (zip64Record < 0 || zip64Record > file.Length - 56) return count;
            var record = new byte[40];
            file.Position = zip64Record;
            file.ReadExactly(record);
            file.Position = 0;
            return BinaryPrimitives.ReadUInt32LittleEndian(record) == 0x06064b50 ? BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)) : count;
        }
        return 0;
    }

    private static InvalidJobPackageException TooManyEntries(ulong count, JobPackageLimits limits) =>
        new($"The package holds {count} entries, more than web.upload.package.max-entries ({limits.MaxEntries}).");

    private static InvalidJobPackageException EscapingEntry(string name) =>
        new($"The entry '{name}' would be written outside the package's folder.");

    private static InvalidJobPackageException EntryTooLarge(string name, JobPackageLimits limits) =>
        new($"The entry '{name}' expands to more than web.upload.package.max-entry-size ({limits.MaxEntrySize} bytes).");

    private static InvalidJobPackageException EntryRatioTooHigh(string name, JobPackageLimits limits) =>
        new($"The entry '{name}' expands to more than {limits.MaxCompressionRatio} times its compressed size (web.upload.package.max-compression-ratio).");

    private static InvalidJobPackageException PackageRatioTooHigh(JobPackageLimits limits) =>
        new($"The package expands to more than {limits.MaxCompressionRatio} times its size (web.upload.package.max-compression-ratio).");

    private static InvalidJobPackageException PackageTooLarge(JobPackageLimits limits) =>
        new($"The package expands to more than web.upload.package.max-expanded-size ({limits.MaxExpandedSize} bytes).");
}
