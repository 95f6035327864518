using System.Text.RegularExpressions;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Deletes a savepoint (Flink's Checkpoints.disposeSavepoint), and nothing else: the path (the savepoint's directory,
/// its <c>_metadata</c> file, or either as a <c>file:</c> URI) must hold a <c>_metadata</c> whose magic, version,
/// kind (savepoint, not checkpoint), length and checksum are valid, and whose task state files all read back; a
/// directory a running job uses is refused. Only the metadata and the state files it can name are deleted, then
/// the directory if that left it empty, so a misplaced <c>_metadata</c> never takes a user's other files with it.
/// </summary>
public static partial class SavepointDisposal
{
    /// <summary>Disposes of the savepoint; returns the directory it was in. Throws naming the cause, having deleted nothing, when the path is no disposable savepoint.</summary>
    public static string Dispose(string savepointPath, IEnumerable<string> pathsInUse)
    {
        var directory = SavepointRestore.ResolveDirectory(savepointPath);
        if (!Directory.Exists(directory))
            throw new FileNotFoundException($"Cannot dispose of savepoint '{savepointPath}': the path does not exist.", savepointPath);
        var metadata = Path.Combine(directory, CheckpointMetadataFormat.FileName);
        if (!File.Exists(metadata))
            throw new InvalidOperationException($"Cannot dispose of '{savepointPath}': the directory '{directory}' holds no savepoint (no {CheckpointMetadataFormat.FileName} file). Nothing was deleted.");
        var (kind, _) = CheckpointFileFormat.Read(metadata, [CheckpointFileFormat.Kind.Metadata, CheckpointFileFormat.Kind.SavepointMetadata]);
        if (kind != CheckpointFileFormat.Kind.SavepointMetadata)
            throw new InvalidOperationException($"Cannot dispose of '{savepointPath}': '{directory}' holds a checkpoint, not a savepoint. Nothing was deleted.");
        var sep = Path.DirectorySeparatorChar;
        foreach (var used in pathsInUse.Select(Path.GetFullPath))
        {
            var u = used.TrimEnd(sep) + sep;
            var d = directory.TrimEnd(sep) + sep;
            if (u.StartsWith(d, StringComparison.Ordinal) || d.StartsWith(u, StringComparison.Ordinal))
                throw new InvalidOperationException($"Cannot dispose of '{savepointPath}': a running job uses '{used}'. Nothing was deleted.");
        }
        // Every state file must read back: a directory that only looks like a savepoint is left alone.
        CheckpointMetadataFormat.Load(directory);
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => StateFileName().IsMatch(Path.GetFileName(f))).ToList()) File.Delete(file);
        File.Delete(metadata);
        if (!Directory.EnumerateFileSystemEntries(directory).Any()) Directory.Delete(directory);
        return directory;
    }

    /// <summary>A task state file's name: <c>&lt;vertex id&gt;-&lt;subtask index&gt;</c>.</summary>
    [GeneratedRegex("^[0-9a-f]{32}-[0-9]+$")]
    private static partial Regex StateFileName();
}
