using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Brook.Core.Ids;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The checkpoint storage the coordinator and its tasks write through: checkpoints go to the job's configured
/// storage (file system or JobManager memory); a savepoint goes to its own self-contained directory
/// <c>&lt;target&gt;/savepoint-&lt;first 6 hex of the job id&gt;-&lt;12 random hex&gt;</c> (Flink's
/// initializeLocationForSavepoint), whatever the checkpoint storage is. Its files are named relative to that
/// directory, so the savepoint can be moved. A savepoint is never discarded once complete: it belongs to the user.
/// </summary>
internal sealed class CheckpointStorageRouter(ICheckpointStorageAccess checkpoints, JobId jobId) : ICheckpointStorageAccess
{
    private readonly ConcurrentDictionary<long, string> _savepoints = new();

    public ICheckpointStorageAccess Checkpoints { get; } = checkpoints;

    public string Description => Checkpoints.Description;

    /// <summary>Creates a new savepoint directory under <paramref name="targetDirectory"/> for checkpoint <paramref name="checkpointId"/>.</summary>
    public string InitializeLocationForSavepoint(long checkpointId, string targetDirectory)
    {
        var target = Path.GetFullPath(targetDirectory);
        string dir;
        do
        {
            dir = Path.Combine(target, $"savepoint-{jobId.Hex[..6]}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        }
        while (Directory.Exists(dir));
        Directory.CreateDirectory(dir);
        _savepoints[checkpointId] = dir;
        return dir;
    }

    public bool IsSavepoint(long checkpointId) => _savepoints.ContainsKey(checkpointId);

    public string? InitializeLocation(long checkpointId) => Checkpoints.InitializeLocation(checkpointId);

    public string? PersistTaskState(long checkpointId, JobVertexId vertexId, int subtaskIndex, TaskStateSnapshot state)
    {
        if (!_savepoints.TryGetValue(checkpointId, out var dir)) return Checkpoints.PersistTaskState(checkpointId, vertexId, subtaskIndex, state);
        var name = $"{vertexId.Hex}-{subtaskIndex.ToString(CultureInfo.InvariantCulture)}";
        CheckpointFileFormat.Write(Path.Combine(dir, name), CheckpointFileFormat.Kind.TaskState, TaskStateSnapshotFormat.Write(state));
        return name;
    }

    public void WriteMetadata(CompletedCheckpoint checkpoint, IReadOnlyList<CheckpointMetadataFormat.TaskFile> taskFiles)
    {
        if (!_savepoints.TryGetValue(checkpoint.CheckpointId, out var dir))
        {
            Checkpoints.WriteMetadata(checkpoint, taskFiles);
            return;
        }
        CheckpointFileFormat.Write(Path.Combine(dir, CheckpointMetadataFormat.FileName), CheckpointFileFormat.Kind.SavepointMetadata,
            CheckpointMetadataFormat.Write(checkpoint, taskFiles));
    }

    /// <summary>The savepoint completed: from now on it is the user's, never discarded by the job.</summary>
    public void Release(long checkpointId) => _savepoints.TryRemove(checkpointId, out _);

    public void Discard(long checkpointId)
    {
        // Only a savepoint that failed is discarded here; its directory was created by this job for it alone.
        if (!_savepoints.TryRemove(checkpointId, out var dir))
        {
            Checkpoints.Discard(checkpointId);
            return;
        }
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    public void DisposeIfEmpty() => Checkpoints.DisposeIfEmpty();
}
