namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// Commits pending part files by renaming the hidden file to its visible name (Flink's FileCommitter with the local
/// committer's commitAfterRecovery): bytes beyond the checkpointed length are cut off first; a file already renamed
/// (a re-commit after a restore) is already committed.
/// </summary>
internal sealed class FileCommitter : ICommitter<FileSinkCommittable>
{
    public void Commit(IReadOnlyCollection<ICommitRequest<FileSinkCommittable>> requests)
    {
        foreach (var request in requests)
        {
            var file = request.Committable.PendingFile;
            if (File.Exists(file.TempPath))
            {
                using (var stream = new FileStream(file.TempPath, FileMode.Open, FileAccess.Write))
                {
                    if (stream.Length < file.Length)
                        throw new IOException($"The pending part file {file.TempPath} has {stream.Length} bytes, fewer than the {file.Length} to commit.");
                    stream.SetLength(file.Length);
                }
                File.Move(file.TempPath, file.TargetPath, overwrite: true);
            }
            else if (File.Exists(file.TargetPath))
            {
                request.SignalAlreadyCommitted();
            }
            else
            {
                request.SignalFailedWithKnownReason(new FileNotFoundException(
                    $"Neither the pending part file {file.TempPath} nor the committed {file.TargetPath} exists.", file.TempPath));
            }
        }
    }

    public void Dispose()
    {
    }
}
