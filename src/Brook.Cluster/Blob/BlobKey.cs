using System.Security.Cryptography;

namespace Brook.Cluster.Blob;

/// <summary>
/// A job package's content key (Flink's PermanentBlobKey, here the content hash alone): the SHA-256 of the package file as
/// 64 lowercase hex characters. The same bytes always have the same key, so a TaskManager can check what it downloaded.
/// </summary>
internal static class BlobKey
{
    public const int Length = 64;

    public static string Compute(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>Whether the key has the form of a key; nothing else from a caller is ever used to find a file.</summary>
    public static bool IsWellFormed(string? key) => key is { Length: Length } && key.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
