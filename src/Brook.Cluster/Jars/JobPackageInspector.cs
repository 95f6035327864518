using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Brook.Cluster.Jars;

/// <summary>
/// Validates a job package — a zip of a job's <c>dotnet publish</c> (or build) output — and finds its
/// entry point by reading assembly metadata, so nothing of the user's code runs at upload. Every entry is
/// decompressed once under <see cref="JobPackageLimits"/> (to nowhere, or for a candidate program assembly to a
/// temporary file the metadata is read from), so a package that passes can also be extracted.
/// </summary>
public static class JobPackageInspector
{
    private const string RuntimeConfigSuffix = ".runtimeconfig.json";

    public static JobPackageInfo Inspect(string packagePath) => Inspect(packagePath, JobPackageLimits.Default);

    public static JobPackageInfo Inspect(string packagePath, JobPackageLimits limits)
    {
        using var archive = JobPackageArchive.Open(packagePath, limits);
        var rootFiles = archive.Entries.Where(e => !e.IsDirectory && !e.Path.Contains('/')).ToList();
        var runtimeConfigs = rootFiles.Where(e => e.Path.EndsWith(RuntimeConfigSuffix, StringComparison.OrdinalIgnoreCase)).ToList();
        var candidates = (runtimeConfigs.Count > 0
                ? runtimeConfigs.Select(e => e.Path[..^RuntimeConfigSuffix.Length] + ".dll")
                : rootFiles.Where(e => e.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Select(e => e.Path))
            .ToList();
        var found = new Dictionary<string, JobPackageInfo?>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in archive.Entries)
        {
            if (entry.IsDirectory) continue;
            if (!entry.Path.Contains('/') && candidates.Contains(entry.Path, StringComparer.OrdinalIgnoreCase) && !found.ContainsKey(entry.Path))
                found[entry.Path] = ReadEntryPoint(archive, entry);
            else
                archive.Copy(entry, Stream.Null);
        }
        foreach (var name in candidates)
        {
            if (found.GetValueOrDefault(name) is { } info) return info;
        }
        if (!rootFiles.Any(e => e.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
            throw new InvalidJobPackageException("The job package holds no .NET assembly at its top level (a job package is the zipped output of 'dotnet publish').");
        throw new InvalidJobPackageException("The job package has no entry point: no assembly at its top level is a program with a static Main method.");
    }

    /// <summary>Reads the assembly through a temporary file: its size is bounded by the limits, not by memory.</summary>
    private static JobPackageInfo? ReadEntryPoint(JobPackageArchive archive, JobPackageEntry entry)
    {
        using var buffer = new FileStream(Path.Combine(Path.GetTempPath(), $"brook-inspect-{Guid.NewGuid():N}.dll"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        archive.Copy(entry, buffer);
        // A PE image cannot be larger than 2 GiB (PEReader refuses the stream): such an entry is no program.
        if (buffer.Length > int.MaxValue) return null;
        buffer.Position = 0;
        try
        {
            using var pe = new PEReader(buffer, PEStreamOptions.LeaveOpen);
            if (!pe.HasMetadata) return null;
            var md = pe.GetMetadataReader();
            var token = pe.PEHeaders.CorHeader?.EntryPointTokenOrRelativeVirtualAddress ?? 0;
            var mains = new List<string>();
            foreach (var typeHandle in md.TypeDefinitions)
            {
                var type = md.GetTypeDefinition(typeHandle);
                foreach (var mh in type.GetMethods())
                {
                    var m = md.GetMethodDefinition(mh);
                    if ((m.Attributes & System.Reflection.MethodAttributes.Static) != 0 && md.GetString(m.Name) == "Main")
                    {
                        mains.Add(FullName(md, type));
                        break;
                    }
                }
            }
            if (token == 0 || (token >> 24) != 0x06) return null;
            var entryMethod = md.GetMethodDefinition(MetadataTokens.MethodDefinitionHandle(token & 0xFFFFFF));
            var entryClass = FullName(md, md.GetTypeDefinition(entryMethod.GetDeclaringType()));
            if (!mains.Contains(entryClass)) mains.Insert(0, entryClass);
            return new JobPackageInfo(entry.Path, entryClass, mains);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private static string FullName(MetadataReader md, TypeDefinition type)
    {
        var name = md.GetString(type.Name);
        if (type.IsNested) return FullName(md, md.GetTypeDefinition(type.GetDeclaringType())) + "+" + name;
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
