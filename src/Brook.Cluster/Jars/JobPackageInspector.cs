using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Brook.Cluster.Jars;

/// <summary>
/// Validates a job package — a zip of a job's <c>dotnet publish</c> (or build) output — and finds its
/// entry point by reading assembly metadata, so nothing of the user's code runs at upload.
/// </summary>
public static class JobPackageInspector
{
    public static JobPackageInfo Inspect(string packagePath)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(packagePath);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidJobPackageException("The file is not a job package: it is not a zip archive (a job package is the zipped output of 'dotnet publish').", e);
        }
        using (zip)
        {
            var rootEntries = zip.Entries.Where(e => !e.FullName.Contains('/') && !e.FullName.Contains('\\')).ToList();
            var runtimeConfigs = rootEntries.Where(e => e.Name.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase)).ToList();
            var candidates = runtimeConfigs.Count > 0
                ? runtimeConfigs.Select(e => e.Name[..^".runtimeconfig.json".Length] + ".dll")
                : rootEntries.Where(e => e.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).Select(e => e.Name);
            foreach (var name in candidates)
            {
                var entry = rootEntries.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
                if (entry is null) continue;
                var found = ReadEntryPoint(entry);
                if (found is not null) return found;
            }
            if (!rootEntries.Any(e => e.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
                throw new InvalidJobPackageException("The job package holds no .NET assembly at its top level (a job package is the zipped output of 'dotnet publish').");
            throw new InvalidJobPackageException("The job package has no entry point: no assembly at its top level is a program with a static Main method.");
        }
    }

    private static JobPackageInfo? ReadEntryPoint(ZipArchiveEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(buffer);
        buffer.Position = 0;
        try
        {
            using var pe = new PEReader(buffer);
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
            return new JobPackageInfo(entry.Name, entryClass, mains);
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
