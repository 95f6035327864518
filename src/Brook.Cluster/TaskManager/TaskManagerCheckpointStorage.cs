using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// The checkpoint storage of a job's tasks in a TaskManager process whose checkpoints go to a file system (Flink's
/// FsCheckpointStorageAccess on a TaskExecutor): a subtask's state of checkpoint n is written, by the task's asynchronous
/// part, as its state file into <c>&lt;job directory&gt;/chk-&lt;n&gt;/</c>, which the JobManager created when it triggered
/// the checkpoint (a missing directory means the file system is not shared, or the checkpoint was discarded: the write
/// fails and the checkpoint is declined; nothing is created). The task then acknowledges with the file's handle. A state
/// smaller than state.storage.fs.memory-threshold is not written: it travels inside the acknowledgement.
/// </summary>
internal sealed class TaskManagerCheckpointStorage(string jobDirectory, long fileStateSizeThreshold, ResourceId taskManager) : ICheckpointStorageAccess
{
    public string Description => JobDirectory;

    public string JobDirectory { get; } = jobDirectory;

    /// <summary>The JobManager creates every checkpoint's directory; a task only writes into it.</summary>
    public string? InitializeLocation(long checkpointId) => FileSystemCheckpointStorage.CheckpointDirectory(JobDirectory, checkpointId);

    /// <summary>Writes the state file and returns its full path; null when the state is small enough to travel in the acknowledgement.</summary>
    public string? PersistTaskState(long checkpointId, JobVertexId vertexId, int subtaskIndex, TaskStateSnapshot state)
    {
        var payload = TaskStateSnapshotFormat.Write(state);
        if (payload.Length < fileStateSizeThreshold) return null;
        var dir = FileSystemCheckpointStorage.CheckpointDirectory(JobDirectory, checkpointId);
        if (!Directory.Exists(dir))
        {
            throw new IOException($"The checkpoint directory '{dir}' does not exist on TaskManager {taskManager}: execution.checkpointing.dir must name a file system " +
                                  "that the JobManager and every TaskManager process share, or the checkpoint was discarded meanwhile.");
        }
        var path = Path.Combine(dir, FileSystemCheckpointStorage.TaskStateFileName(vertexId, subtaskIndex));
        CheckpointFileFormat.Write(path, CheckpointFileFormat.Kind.TaskState, payload);
        return path;
    }

    /// <summary>The JobManager writes the metadata.</summary>
    public CompletedCheckpoint WriteMetadata(CompletedCheckpoint checkpoint, IReadOnlyList<CheckpointMetadataFormat.TaskFile> taskFiles) => checkpoint;

    /// <summary>The JobManager discards a checkpoint's directory with every file written into it.</summary>
    public void Discard(long checkpointId)
    {
    }

    public void DisposeIfEmpty()
    {
    }
}
