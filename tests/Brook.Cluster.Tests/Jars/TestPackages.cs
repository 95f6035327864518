using System.IO.Compression;
using Brook.Cluster.Jars;

namespace Brook.Cluster.Tests.Jars;

/// <summary>Small package limits for tests, and a valid program package: the test assembly's own output zipped.</summary>
internal static class TestPackages
{
    public static readonly JobPackageLimits Small = new(MaxExpandedSize: 48L << 20, MaxEntries: 200, MaxEntrySize: 24L << 20, MaxCompressionRatio: 200,
        ExtractionConcurrency: 2);

    private static readonly Lazy<byte[]> ProgramBytes = new(() =>
    {
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory).Where(f => f.EndsWith(".dll") || f.EndsWith(".json")))
                zip.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Fastest);
        }
        return bytes.ToArray();
    });

    /// <summary>The test SDK generates a Main for the test assembly, so its output is a runnable program.</summary>
    public static byte[] Program => ProgramBytes.Value;
}
