namespace Brook.Streaming.Sinks.Files;

/// <summary>
/// A part file as a checkpoint records it (Flink's local-file recoverables): the hidden file being written,
/// the visible name it gets when committed, and how many bytes of it belong to the checkpoint. For an in-progress
/// file the restored writer truncates to <see cref="Length"/> and appends; for a pending file the committer
/// truncates to it and renames.
/// </summary>
public sealed record PartFileRecoverable(string TargetPath, string TempPath, long Length);
