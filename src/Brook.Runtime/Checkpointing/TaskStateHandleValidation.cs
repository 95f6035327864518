namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The JobManager's check of a state handle a TaskManager process acknowledged a checkpoint with, before the handle is
/// recorded, restored from or deleted: the path, fully normalised, must name the acknowledging subtask's state file
/// directly inside the checkpoint's own directory (no <c>..</c>, no other absolute path, no symbolic link), the file must
/// exist with the acknowledged size, and its header must be a task state file's whose data fills it. Anything else is
/// refused with an error that names the path, and the file is left alone.
/// </summary>
internal static class TaskStateHandleValidation
{
    private const int MaxPathLength = 4096;

    /// <summary>The handle with its normalised path; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static TaskStateHandle Validate(string checkpointDirectory, string expectedFileName, string path, long size)
    {
        var shown = Shorten(path);
        if (path.Length is 0 or > MaxPathLength || path.Any(char.IsControl))
            throw new InvalidDataException($"The state handle '{shown}' is not a valid path.");
        if (!Path.IsPathFullyQualified(path))
            throw new InvalidDataException($"The state handle '{shown}' is not an absolute path.");
        if (size < 0) throw new InvalidDataException($"The state handle '{shown}' has the negative size {size}.");
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(checkpointDirectory));
        var full = Path.GetFullPath(path);
        if (!string.Equals(Path.GetDirectoryName(full), directory, StringComparison.Ordinal))
            throw new InvalidDataException($"The state handle '{shown}' lies outside the checkpoint's directory '{directory}'.");
        if (!string.Equals(Path.GetFileName(full), expectedFileName, StringComparison.Ordinal))
            throw new InvalidDataException($"The state handle '{shown}' does not name this subtask's state file '{expectedFileName}'.");
        var dirInfo = new DirectoryInfo(directory);
        if (!dirInfo.Exists) throw new InvalidDataException($"The checkpoint directory '{directory}' of state handle '{shown}' does not exist.");
        if (dirInfo.LinkTarget is not null) throw new InvalidDataException($"The checkpoint directory '{directory}' is a symbolic link.");
        var file = new FileInfo(full);
        if (!file.Exists) throw new InvalidDataException($"Checkpoint file '{full}' of the state handle does not exist.");
        if (file.LinkTarget is not null) throw new InvalidDataException($"Checkpoint file '{full}' is a symbolic link (to '{Shorten(file.LinkTarget)}').");
        if (file.Length != size)
            throw new InvalidDataException($"Checkpoint file '{full}' has {file.Length} bytes; its state handle says {size}.");
        CheckpointFileFormat.CheckHeader(full, CheckpointFileFormat.Kind.TaskState, size);
        return new TaskStateHandle(full, size);
    }

    private static string Shorten(string s)
    {
        var shortened = s.Length <= 256 ? s : s[..256] + "...";
        return new string(shortened.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
