using Brook.Core.Ids;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Flink's JobManagerCheckpointStorage: checkpoints live in the JobManager's memory (the completed checkpoint
/// objects themselves) and are lost with it. Used when no execution.checkpointing.dir is configured.
/// </summary>
internal sealed class JobManagerCheckpointStorage : ICheckpointStorageAccess
{
    public string Description => "JobManager memory";

    public string? JobDirectory => null;

    public string? InitializeLocation(long checkpointId) => null;

    public string? PersistTaskState(long checkpointId, JobVertexId vertexId, int subtaskIndex, TaskStateSnapshot state) => null;

    public CompletedCheckpoint WriteMetadata(CompletedCheckpoint checkpoint, IReadOnlyList<CheckpointMetadataFormat.TaskFile> taskFiles) => checkpoint;

    public void Discard(long checkpointId)
    {
    }

    public void DisposeIfEmpty()
    {
    }
}
