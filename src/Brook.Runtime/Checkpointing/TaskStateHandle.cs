namespace Brook.Runtime.Checkpointing;

/// <summary>
/// Where a subtask's state of one checkpoint lies when its task wrote it itself (Flink's FileStateHandle): the full path
/// of its state file (<see cref="TaskStateSnapshotFormat"/> inside <see cref="CheckpointFileFormat"/>) and the file's size
/// in bytes. A TaskManager process acknowledges with it instead of the state; the task restored from it reads the file.
/// </summary>
internal sealed record TaskStateHandle(string FilePath, long Size);
