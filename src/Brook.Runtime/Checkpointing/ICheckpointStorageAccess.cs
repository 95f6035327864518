using Brook.Core.Ids;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Where one job's checkpoints go (Flink's CheckpointStorageAccess): a file-system directory
/// (<see cref="FileSystemCheckpointStorage"/>) or the JobManager's memory (<see cref="JobManagerCheckpointStorage"/>).
/// Tasks write their state through it (asynchronously, off the task thread); the coordinator writes the metadata.
/// </summary>
internal interface ICheckpointStorageAccess
{
    /// <summary>A human-readable location for logs and statistics (the job's checkpoint directory, or "JobManager memory").</summary>
    string Description { get; }

    /// <summary>
    /// The job's checkpoint directory (<c>&lt;dir&gt;/&lt;job-id&gt;</c>) under which tasks in TaskManager processes write
    /// their state files themselves; null when checkpoints live in the JobManager's memory (state then travels in messages).
    /// </summary>
    string? JobDirectory { get; }

    /// <summary>Prepares checkpoint <paramref name="checkpointId"/>'s location; returns its external pointer (null in memory).</summary>
    string? InitializeLocation(long checkpointId);

    /// <summary>
    /// Writes one subtask's state; returns the file's name in the checkpoint's directory (its full path in a TaskManager process),
    /// or null when the state travels in memory.
    /// </summary>
    string? PersistTaskState(long checkpointId, JobVertexId vertexId, int subtaskIndex, TaskStateSnapshot state);

    /// <summary>Writes the completed checkpoint's <c>_metadata</c> (nothing in memory); returns the checkpoint as stored.</summary>
    CompletedCheckpoint WriteMetadata(CompletedCheckpoint checkpoint, IReadOnlyList<CheckpointMetadataFormat.TaskFile> taskFiles);

    /// <summary>Deletes whatever checkpoint <paramref name="checkpointId"/> wrote (subsumed, aborted or not retained).</summary>
    void Discard(long checkpointId);

    /// <summary>Removes the job's checkpoint directory once it holds no retained checkpoint.</summary>
    void DisposeIfEmpty();
}
