namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// A part file being written (Flink's InProgressFileWriter over the local recoverable stream): the data goes into a
/// hidden ".{name}.inprogress.{uuid}" file beside the visible name it gets when committed.
/// </summary>
internal sealed class InProgressPartFile : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly FileStream _stream;

    private InProgressPartFile(string targetPath, string tempPath, FileStream stream, long creationTime, long now)
    {
        TargetPath = targetPath;
        TempPath = tempPath;
        _stream = stream;
        CreationTime = creationTime;
        LastUpdateTime = now;
    }

    public string TargetPath { get; }

    public string TempPath { get; }

    public long CreationTime { get; }

    public long LastUpdateTime { get; private set; }

    public long Size => _stream.Position;

    public static InProgressPartFile OpenNew(string targetPath, long now)
    {
        var tempPath = Path.Combine(Path.GetDirectoryName(targetPath)!, "." + Path.GetFileName(targetPath) + ".inprogress." + Guid.NewGuid());
        return new InProgressPartFile(targetPath, tempPath, new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize), now, now);
    }

    /// <summary>Reopens a checkpointed in-progress file: bytes written after the checkpoint are cut off, new ones appended.</summary>
    public static InProgressPartFile Resume(PartFileRecoverable file, long creationTime, long now)
    {
        if (!File.Exists(file.TempPath))
            throw new FileNotFoundException($"The in-progress part file {file.TempPath} of the checkpoint is missing.", file.TempPath);
        var stream = new FileStream(file.TempPath, FileMode.Open, FileAccess.Write, FileShare.Read, BufferSize);
        try
        {
            if (stream.Length < file.Length)
                throw new IOException($"The in-progress part file {file.TempPath} has {stream.Length} bytes, fewer than the {file.Length} of the checkpoint.");
            stream.SetLength(file.Length);
            stream.Seek(0, SeekOrigin.End);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new InProgressPartFile(file.TargetPath, file.TempPath, stream, creationTime, now);
    }

    public PartFileInfo Info(string bucketId) => new(bucketId, CreationTime, LastUpdateTime, Size);

    public void Write<T>(IEncoder<T> encoder, T element, long now)
    {
        encoder.Encode(element, _stream);
        LastUpdateTime = now;
    }

    /// <summary>Pushes the written bytes to the file (the operating system's cache) and says how many belong to the checkpoint.</summary>
    public PartFileRecoverable Persist()
    {
        _stream.Flush();
        return new PartFileRecoverable(TargetPath, TempPath, _stream.Position);
    }

    /// <summary>Closes the file; it is now pending, waiting for its commit.</summary>
    public PartFileRecoverable CloseForCommit()
    {
        var pending = Persist();
        _stream.Dispose();
        return pending;
    }

    /// <summary>Stops writing without committing: the hidden file stays for a restore to resume or ignore.</summary>
    public void Dispose() => _stream.Dispose();
}
