using System.Globalization;
using Brook.Core.Ids;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Flink's FileSystemCheckpointStorage, laid out as Flink lays it out: <c>&lt;dir&gt;/&lt;job-id&gt;/chk-&lt;n&gt;/_metadata</c>
/// with each subtask's state file beside it, and the job directory's <c>shared</c> and <c>taskowned</c> folders.
/// </summary>
internal sealed class FileSystemCheckpointStorage : ICheckpointStorageAccess
{
    public FileSystemCheckpointStorage(string baseDirectory, JobId jobId)
    {
        JobDirectory = Path.GetFullPath(Path.Combine(baseDirectory, jobId.Hex));
        Directory.CreateDirectory(Path.Combine(JobDirectory, "shared"));
        Directory.CreateDirectory(Path.Combine(JobDirectory, "taskowned"));
    }

    public string JobDirectory { get; }

    public string Description => JobDirectory;

    public string CheckpointDirectory(long checkpointId) => Path.Combine(JobDirectory, "chk-" + checkpointId.ToString(CultureInfo.InvariantCulture));

    public string? InitializeLocation(long checkpointId)
    {
        var dir = CheckpointDirectory(checkpointId);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public string? PersistTaskState(long checkpointId, JobVertexId vertexId, int subtaskIndex, TaskStateSnapshot state)
    {
        var name = $"{vertexId.Hex}-{subtaskIndex.ToString(CultureInfo.InvariantCulture)}";
        CheckpointFileFormat.Write(Path.Combine(CheckpointDirectory(checkpointId), name), CheckpointFileFormat.Kind.TaskState, TaskStateSnapshotFormat.Write(state));
        return name;
    }

    public void WriteMetadata(CompletedCheckpoint checkpoint, IReadOnlyList<CheckpointMetadataFormat.TaskFile> taskFiles) =>
        CheckpointFileFormat.Write(Path.Combine(CheckpointDirectory(checkpoint.CheckpointId), CheckpointMetadataFormat.FileName),
            CheckpointFileFormat.Kind.Metadata, CheckpointMetadataFormat.Write(checkpoint, taskFiles));

    public void Discard(long checkpointId)
    {
        var dir = CheckpointDirectory(checkpointId);
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    public void DisposeIfEmpty()
    {
        if (!Directory.Exists(JobDirectory) || Directory.EnumerateDirectories(JobDirectory, "chk-*").Any()) return;
        Directory.Delete(JobDirectory, recursive: true);
    }
}
