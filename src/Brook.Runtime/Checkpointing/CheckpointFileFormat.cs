using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The envelope of every file Brook writes into a checkpoint directory: an 8-byte magic, the format version,
/// the file kind, the payload length and the payload's SHA-256, then the payload. Reading checks all of them,
/// so a truncated or corrupted file is refused with an error that names it, never restored silently.
/// </summary>
internal static class CheckpointFileFormat
{
    public const int CurrentVersion = 1;
    private const int HeaderLength = 8 + 4 + 4 + 8 + 32;
    private static readonly byte[] Magic = "BRKCKPT\0"u8.ToArray();

    /// <summary>The kinds of checkpoint files.</summary>
    public enum Kind
    {
        Metadata = 1,
        TaskState = 2,

        /// <summary>The <c>_metadata</c> of a savepoint: the only kind of directory savepoint disposal deletes.</summary>
        SavepointMetadata = 3,
    }

    public static void Write(string path, Kind kind, ReadOnlySpan<byte> payload)
    {
        var header = new byte[HeaderLength];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), CurrentVersion);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), (int)kind);
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(16), payload.Length);
        SHA256.HashData(payload, header.AsSpan(24));
        // Written under a temporary name and moved, so a crash mid-write never leaves a file that looks complete.
        var temp = path + ".inprogress";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(header);
                stream.Write(payload);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            // A write that failed (a full disk, a checkpoint directory deleted under it) leaves nothing behind.
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory went away with the file, or the checkpoint's discard will take it.
        }
    }

    /// <summary>
    /// Checks a file's header without reading its data (the JobManager's check of a state file a TaskManager wrote): magic,
    /// version, <paramref name="kind"/>, and a payload length that fills the file's <paramref name="fileLength"/> bytes.
    /// </summary>
    public static void CheckHeader(string path, Kind kind, long fileLength)
    {
        var header = new byte[HeaderLength];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            read = stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Checkpoint file '{path}' cannot be read: {e.Message}", e);
        }
        if (read < HeaderLength)
            throw new InvalidDataException($"Checkpoint file '{path}' is truncated: {read} bytes, shorter than its {HeaderLength}-byte header.");
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"Checkpoint file '{path}' is not a Brook checkpoint file (wrong magic number).");
        var version = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(8));
        if (version != CurrentVersion)
            throw new InvalidDataException($"Checkpoint file '{path}' has format version {version}; this version of Brook reads version {CurrentVersion}.");
        var actualKind = (Kind)BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(12));
        if (actualKind != kind) throw new InvalidDataException($"Checkpoint file '{path}' holds {actualKind}, not {kind}.");
        var length = BinaryPrimitives.ReadInt64BigEndian(header.AsSpan(16));
        if (length != fileLength - HeaderLength)
            throw new InvalidDataException($"Checkpoint file '{path}' is truncated or corrupt: its header announces {length} bytes of data, but {fileLength - HeaderLength} follow.");
    }

    public static byte[] Read(string path, Kind kind) => Read(path, [kind]).Payload;

    /// <summary>Reads a file of any of <paramref name="kinds"/>, checking magic, version, kind, length and checksum; returns its kind and payload.</summary>
    public static (Kind Kind, byte[] Payload) Read(string path, IReadOnlyCollection<Kind> kinds)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Checkpoint file '{path}' cannot be read: {e.Message}", e);
        }
        if (bytes.Length < HeaderLength)
            throw new InvalidDataException($"Checkpoint file '{path}' is truncated: {bytes.Length} bytes, shorter than its {HeaderLength}-byte header.");
        if (!bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new InvalidDataException($"Checkpoint file '{path}' is not a Brook checkpoint file (wrong magic number).");
        var version = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        if (version != CurrentVersion)
            throw new InvalidDataException($"Checkpoint file '{path}' has format version {version}; this version of Brook reads version {CurrentVersion}.");
        var actualKind = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12));
        if (!kinds.Contains((Kind)actualKind))
            throw new InvalidDataException($"Checkpoint file '{path}' holds {(Kind)actualKind}, not {string.Join(" or ", kinds)}.");
        var length = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(16));
        if (length != bytes.Length - HeaderLength)
            throw new InvalidDataException(length > bytes.Length - HeaderLength
                ? $"Checkpoint file '{path}' is truncated: its header announces {length} bytes of data, but only {bytes.Length - HeaderLength} follow."
                : $"Checkpoint file '{path}' is corrupt: {bytes.Length - HeaderLength - length} bytes follow its data.");
        var payload = bytes.AsSpan(HeaderLength);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(payload, hash);
        if (!hash.SequenceEqual(bytes.AsSpan(24, 32)))
            throw new InvalidDataException($"Checkpoint file '{path}' is corrupt: its checksum does not match its data.");
        return ((Kind)actualKind, payload.ToArray());
    }
}
