using System.Collections.Concurrent;
using System.Globalization;
using Brook.Core.Ids;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Flink's FileSystemCheckpointStorage, laid out as Flink lays it out: <c>&lt;dir&gt;/&lt;job-id&gt;/chk-&lt;n&gt;/_metadata</c>
/// with each subtask's state file beside it, and the job directory's <c>shared</c> and <c>taskowned</c> folders. Tasks in
/// TaskManager processes write their state files into <c>chk-&lt;n&gt;</c> themselves (the directory must be on a file
/// system every process sees), so discarding a checkpoint's directory discards every file written for it, acknowledged or
/// not. A directory that could not be deleted (a task still wrote into it) is deleted again at the next discard.
/// </summary>
internal sealed class FileSystemCheckpointStorage : ICheckpointStorageAccess
{
    private readonly ConcurrentDictionary<string, byte> _undeleted = new(StringComparer.Ordinal);

    public FileSystemCheckpointStorage(string baseDirectory, JobId jobId)
    {
        JobDirectory = Path.GetFullPath(Path.Combine(baseDirectory, jobId.Hex));
        Directory.CreateDirectory(Path.Combine(JobDirectory, "shared"));
        Directory.CreateDirectory(Path.Combine(JobDirectory, "taskowned"));
    }

    public string JobDirectory { get; }

    public string Description => JobDirectory;

    public string CheckpointDirectory(long checkpointId) => CheckpointDirectory(JobDirectory, checkpointId);

    public static string CheckpointDirectory(string jobDirectory, long checkpointId) =>
        Path.Combine(jobDirectory, "chk-" + checkpointId.ToString(CultureInfo.InvariantCulture));

    /// <summary>A subtask's state file name: <c>&lt;vertex id&gt;-&lt;subtask index&gt;</c>.</summary>
    public static string TaskStateFileName(JobVertexId vertexId, int subtaskIndex) => $"{vertexId.Hex}-{subtaskIndex.ToString(CultureInfo.InvariantCulture)}";

    public string? InitializeLocation(long checkpointId)
    {
        var dir = CheckpointDirectory(checkpointId);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public string? PersistTaskState(long checkpointId, JobVertexId vertexId, int subtaskIndex, TaskStateSnapshot state)
    {
        var name = TaskStateFileName(vertexId, subtaskIndex);
        CheckpointFileFormat.Write(Path.Combine(CheckpointDirectory(checkpointId), name), CheckpointFileFormat.Kind.TaskState, TaskStateSnapshotFormat.Write(state));
        return name;
    }

    public CompletedCheckpoint WriteMetadata(CompletedCheckpoint checkpoint, IReadOnlyList<CheckpointMetadataFormat.TaskFile> taskFiles)
    {
        CheckpointFileFormat.Write(Path.Combine(CheckpointDirectory(checkpoint.CheckpointId), CheckpointMetadataFormat.FileName),
            CheckpointFileFormat.Kind.Metadata, CheckpointMetadataFormat.Write(checkpoint, taskFiles));
        return checkpoint;
    }

    public void Discard(long checkpointId)
    {
        RetryUndeleted();
        Delete(CheckpointDirectory(checkpointId));
    }

    /// <summary>Directories whose deletion failed and is retried (what would otherwise leak).</summary>
    public IReadOnlyCollection<string> Undeleted => _undeleted.Keys.ToList();

    private void Delete(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            _undeleted.TryRemove(dir, out _);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _undeleted[dir] = 0;
            throw;
        }
    }

    private void RetryUndeleted()
    {
        foreach (var dir in _undeleted.Keys)
        {
            try
            {
                Delete(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Still in use: tried again at the next discard.
            }
        }
    }

    public void DisposeIfEmpty()
    {
        RetryUndeleted();
        if (!Directory.Exists(JobDirectory) || Directory.EnumerateDirectories(JobDirectory, "chk-*").Any()) return;
        Directory.Delete(JobDirectory, recursive: true);
    }
}
