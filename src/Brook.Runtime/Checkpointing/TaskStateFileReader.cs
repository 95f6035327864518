namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Reads the state files a restoring task was handed (Flink's task-side state handle reading): each file once, however
/// many operators of the chain or parts of the restore name it. A file whose size differs from its handle's, or that fails
/// <see cref="CheckpointFileFormat"/>'s checks, fails the restore with an error that names it.
/// </summary>
internal sealed class TaskStateFileReader
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskStateSnapshot> _read = new(StringComparer.Ordinal);

    public TaskStateSnapshot Read(TaskStateHandle handle)
    {
        lock (_lock)
        {
            if (_read.TryGetValue(handle.FilePath, out var cached)) return cached;
            var snapshot = ReadUncached(handle);
            _read[handle.FilePath] = snapshot;
            return snapshot;
        }
    }

    /// <summary>The state of <paramref name="operatorId"/> in the file; throws naming the file when it holds none.</summary>
    public OperatorSubtaskState Operator(TaskStateHandle handle, string operatorId) =>
        Read(handle).Operators.GetValueOrDefault(operatorId)
        ?? throw new InvalidDataException($"Checkpoint file '{handle.FilePath}' holds no state of operator {operatorId}, which the checkpoint says it holds.");

    public static TaskStateSnapshot ReadUncached(TaskStateHandle handle)
    {
        var info = new FileInfo(handle.FilePath);
        if (!info.Exists) throw new InvalidDataException($"Checkpoint file '{handle.FilePath}' does not exist.");
        if (info.Length != handle.Size)
            throw new InvalidDataException($"Checkpoint file '{handle.FilePath}' has {info.Length} bytes; the checkpoint recorded {handle.Size}.");
        return TaskStateSnapshotFormat.Read(CheckpointFileFormat.Read(handle.FilePath, CheckpointFileFormat.Kind.TaskState), handle.FilePath);
    }
}
