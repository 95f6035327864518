using System.IO.Compression;

namespace Brook.Cluster.Jars;

/// <summary>An entry of a job package whose name was checked: its '/'-separated path inside the package's folder.</summary>
internal sealed record JobPackageEntry(ZipArchiveEntry Zip, string Path, bool IsDirectory);
