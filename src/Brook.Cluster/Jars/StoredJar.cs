namespace Brook.Cluster.Jars;

/// <summary>An uploaded job package in the jar store.</summary>
public sealed record StoredJar(string Id, string Name, long UploadedMillis, string Path, JobPackageInfo Info);
