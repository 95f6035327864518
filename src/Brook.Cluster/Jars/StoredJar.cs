namespace Brook.Cluster.Jars;

/// <summary>An uploaded job package in the jar store.</summary>
/// <param name="BlobKey">The SHA-256 of the package file (64 lowercase hex characters), computed once when it was stored: the key the blob service serves it under.</param>
public sealed record StoredJar(string Id, string Name, long UploadedMillis, string Path, JobPackageInfo Info, string BlobKey);
