using System.Collections.Concurrent;
using System.Security.Cryptography;
using Brook.Core.Ids;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The checkpoint storage the coordinator and its tasks write through: checkpoints go to the job's configured
/// storage (file system or JobManager memory); a savepoint goes to its own self-contained directory
/// <c>&lt;target&gt;/savepoint-&lt;first 6 hex of the job id&gt;-&lt;12 random hex&gt;</c> (Flink's
/// initializeLocationForSavepoint), whatever the checkpoint storage is. Its files are named relative to that
/// directory, so the savepoint can be moved. A savepoint is never discarded once complete: it belongs to the user.
/// Tasks in TaskManager processes know a checkpoint only by its id (a barrier carries no location), so with a file-system
/// storage they write a savepoint's state files into <c>chk-&lt;n&gt;</c> of the job's directory as for a checkpoint; the
/// completed savepoint's files are moved from there into the savepoint's directory before its <c>_metadata</c> is written.
/// </summary>
internal sealed class CheckpointStorageRouter(ICheckpointStorageAccess checkpoints, JobId jobId, long fileStateSizeThreshold = 0) : ICheckpointStorageAccess
{
    private readonly ConcurrentDictionary<long, string> _savepoints = new();

    public ICheckpointStorageAccess Checkpoints { get; } = checkpoints;

    public string Description => Checkpoints.Description;

    public string? JobDirectory => Checkpoints.JobDirectory;

    /// <summary>state.storage.fs.memory-threshold: smaller task states of TaskManager processes travel in their acknowledgement.</summary>
    public long FileStateSizeThreshold { get; } = fileStateSizeThreshold;

    /// <summary>The directory a TaskManager process's task writes its state file of checkpoint <paramref name="checkpointId"/> into; null in memory.</summary>
    public string? TaskStateDirectory(long checkpointId) =>
        Checkpoints.JobDirectory is { } job ? FileSystemCheckpointStorage.CheckpointDirectory(job, checkpointId) : null;

    /// <summary>Creates a new savepoint directory under <paramref name="targetDirectory"/> for checkpoint <paramref name="checkpointId"/>.</summary>
    public string InitializeLocationForSavepoint(long checkpointId, string targetDirectory)
    {
        var target = Core.FileSystem.LocalPath.Resolve(targetDirectory);
        string dir;
        do
        {
            dir = Path.Combine(target, $"savepoint-{jobId.Hex[..6]}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        }
        while (Directory.Exists(dir));
        Directory.CreateDirectory(dir);
        _savepoints[checkpointId] = dir;
        // Where TaskManager processes write the savepoint's state files until it completes.
        if (Checkpoints.JobDirectory is not null) Checkpoints.InitializeLocation(checkpointId);
        return dir;
    }

    public bool IsSavepoint(long checkpointId) => _savepoints.ContainsKey(checkpointId);

    public string? InitializeLocation(long checkpointId) => Checkpoints.InitializeLocation(checkpointId);

    public string? PersistTaskState(long checkpointId, JobVertexId vertexId, int subtaskIndex, TaskStateSnapshot state)
    {
        if (!_savepoints.TryGetValue(checkpointId, out var dir)) return Checkpoints.PersistTaskState(checkpointId, vertexId, subtaskIndex, state);
        var name = FileSystemCheckpointStorage.TaskStateFileName(vertexId, subtaskIndex);
        CheckpointFileFormat.Write(Path.Combine(dir, name), CheckpointFileFormat.Kind.TaskState, TaskStateSnapshotFormat.Write(state));
        return name;
    }

    public CompletedCheckpoint WriteMetadata(CompletedCheckpoint checkpoint, IReadOnlyList<CheckpointMetadataFormat.TaskFile> taskFiles)
    {
        if (!_savepoints.TryGetValue(checkpoint.CheckpointId, out var dir)) return Checkpoints.WriteMetadata(checkpoint, taskFiles);
        // State files TaskManager processes wrote into chk-n move into the savepoint (a rename on one file system), so it is self-contained.
        var staging = TaskStateDirectory(checkpoint.CheckpointId);
        var movedFiles = new Dictionary<string, TaskStateHandle>(StringComparer.Ordinal);
        var moved = checkpoint.WithStateFiles(h =>
        {
            if (staging is null || Path.GetDirectoryName(h.FilePath) != staging) return h;
            if (movedFiles.TryGetValue(h.FilePath, out var done)) return done;
            var target = Path.Combine(dir, Path.GetFileName(h.FilePath));
            File.Move(h.FilePath, target, overwrite: true);
            return movedFiles[h.FilePath] = h with { FilePath = target };
        }, dir);
        CheckpointFileFormat.Write(Path.Combine(dir, CheckpointMetadataFormat.FileName), CheckpointFileFormat.Kind.SavepointMetadata,
            CheckpointMetadataFormat.Write(moved, taskFiles));
        return moved;
    }

    /// <summary>The savepoint completed: from now on it is the user's, never discarded by the job; its staging directory goes.</summary>
    public void Release(long checkpointId)
    {
        if (_savepoints.TryRemove(checkpointId, out _) && Checkpoints.JobDirectory is not null) Checkpoints.Discard(checkpointId);
    }

    public void Discard(long checkpointId)
    {
        // Only a savepoint that failed is discarded here; its directory was created by this job for it alone.
        if (!_savepoints.TryRemove(checkpointId, out var dir))
        {
            Checkpoints.Discard(checkpointId);
            return;
        }
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        if (Checkpoints.JobDirectory is not null) Checkpoints.Discard(checkpointId);
    }

    public void DisposeIfEmpty() => Checkpoints.DisposeIfEmpty();
}
