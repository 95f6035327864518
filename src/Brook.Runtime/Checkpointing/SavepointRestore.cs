using Brook.Core.FileSystem;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Reads the checkpoint or savepoint a job starts from (Flink's Checkpoints.loadAndValidateCheckpoint) and checks it
/// against the new job: every operator state must map to an operator of the job, by operator id (derived from
/// the operator's uid when it has one, else generated deterministically from the graph), unless state that maps to
/// nothing may be dropped (allowNonRestoredState / execution.state-recovery.ignore-unclaimed-state). Restoring then
/// goes through <see cref="CompletedCheckpoint.TaskRestoreFor"/>, the same path as a failover restore.
/// </summary>
public static class SavepointRestore
{
    /// <summary>
    /// The snapshot's directory for a path that names it, its <c>_metadata</c> file, or either as a <c>file:</c> URI
    /// (as Flink writes savepoint locations).
    /// </summary>
    public static string ResolveDirectory(string path)
    {
        string resolved;
        try
        {
            resolved = LocalPath.Resolve(path);
        }
        catch (ArgumentException e)
        {
            throw new FileNotFoundException($"Cannot find checkpoint or savepoint file/directory '{path}': {e.Message}", path, e);
        }
        var full = resolved.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (full.Length == 0) full = Path.GetPathRoot(resolved) ?? resolved;
        return Path.GetFileName(full) == CheckpointMetadataFormat.FileName && File.Exists(full) ? Path.GetDirectoryName(full)! : full;
    }

    /// <summary>Loads and validates the snapshot at <paramref name="path"/> for <paramref name="job"/>; any defect throws naming the path.</summary>
    public static CompletedCheckpoint Load(string path, JobGraph.JobGraph job, bool allowNonRestoredState)
    {
        var directory = ResolveDirectory(path);
        if (!Directory.Exists(directory))
            throw new FileNotFoundException($"Cannot find checkpoint or savepoint file/directory '{path}' on file system 'file'.", path);
        if (!File.Exists(Path.Combine(directory, CheckpointMetadataFormat.FileName)))
            throw new FileNotFoundException($"Cannot find meta data file '{CheckpointMetadataFormat.FileName}' in directory '{directory}'. " +
                                            "Please try to load the checkpoint/savepoint directly from the metadata file instead of the directory.", path);
        var checkpoint = CheckpointMetadataFormat.Load(directory);
        var operators = job.Vertices.SelectMany(v => v.OperatorIdsInChainOrder).Select(o => o.Hex).ToHashSet(StringComparer.Ordinal);
        foreach (var state in checkpoint.OperatorStates.Values.OrderBy(o => o.OperatorId, StringComparer.Ordinal))
        {
            if (operators.Contains(state.OperatorId) || state.StateSize == 0 || allowNonRestoredState) continue;
            throw new InvalidOperationException(
                $"Failed to rollback to checkpoint/savepoint {checkpoint.ExternalPointer}. Cannot map checkpoint/savepoint state for operator {state.OperatorId} " +
                "to the new program, because the operator is not available in the new program. If you want to allow to skip this, you can set the " +
                "--allowNonRestoredState option on the CLI.");
        }
        return checkpoint;
    }
}
