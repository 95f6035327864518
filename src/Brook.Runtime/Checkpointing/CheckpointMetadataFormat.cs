using System.Buffers;
using Brook.Core.Ids;
using MessagePack;

namespace Brook.Runtime.Checkpointing;

/// <summary>
/// The payload of a checkpoint's <c>_metadata</c> file (MessagePack, inside <see cref="CheckpointFileFormat"/>):
/// <c>[jobId, checkpointId, triggerTimestamp, completionTimestamp,
/// [[operatorId, parallelism, maxParallelism, coordinatorState|nil, [finishedSubtask...]]...],
/// [[taskStateFile, subtaskIndex]...]]</c>. Subtask state lives in the task state files beside it, as in Flink,
/// named relative to the directory, so a savepoint directory can be moved and still restores. A loaded checkpoint keeps
/// only the handles of its state files (<see cref="TaskStateHandle"/>): each restoring task reads its files. A savepoint's
/// metadata has its own file kind, which disposal checks before it deletes anything.
/// </summary>
internal static class CheckpointMetadataFormat
{
    public const string FileName = "_metadata";

    public sealed record TaskFile(string FileName, int SubtaskIndex);

    public static byte[] Write(CompletedCheckpoint checkpoint, IReadOnlyList<TaskFile> taskFiles)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(6);
        writer.Write(checkpoint.JobId.Hex);
        writer.Write(checkpoint.CheckpointId);
        writer.Write(checkpoint.TriggerTimestamp);
        writer.Write(checkpoint.CompletionTimestamp);
        writer.WriteArrayHeader(checkpoint.OperatorStates.Count);
        foreach (var op in checkpoint.OperatorStates.Values)
        {
            writer.WriteArrayHeader(5);
            writer.Write(op.OperatorId);
            writer.Write(op.Parallelism);
            writer.Write(op.MaxParallelism);
            TaskStateSnapshotFormat.WriteBytes(ref writer, op.CoordinatorState);
            writer.WriteArrayHeader(op.FinishedSubtasks.Count);
            foreach (var s in op.FinishedSubtasks.Order()) writer.Write(s);
        }
        writer.WriteArrayHeader(taskFiles.Count);
        foreach (var f in taskFiles)
        {
            writer.WriteArrayHeader(2);
            writer.Write(f.FileName);
            writer.Write(f.SubtaskIndex);
        }
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads <c>&lt;directory&gt;/_metadata</c> and every task state file it names; any defect fails naming the file.</summary>
    public static CompletedCheckpoint Load(string directory)
    {
        var metadataPath = Path.Combine(directory, FileName);
        if (!File.Exists(metadataPath)) throw new FileNotFoundException($"Checkpoint metadata file '{metadataPath}' does not exist.", metadataPath);
        var (kind, payload) = CheckpointFileFormat.Read(metadataPath, [CheckpointFileFormat.Kind.Metadata, CheckpointFileFormat.Kind.SavepointMetadata]);
        var reader = new MessagePackReader(payload);
        try
        {
            if (reader.ReadArrayHeader() != 6) throw Corrupt(metadataPath, "unexpected layout");
            var jobId = JobId.Parse(reader.ReadString() ?? throw Corrupt(metadataPath, "no job id"));
            var checkpointId = reader.ReadInt64();
            var triggerTimestamp = reader.ReadInt64();
            var completionTimestamp = reader.ReadInt64();
            var opCount = reader.ReadArrayHeader();
            var operators = new List<(string Id, int Parallelism, int MaxParallelism, byte[]? Coordinator, HashSet<int> Finished)>(opCount);
            for (var i = 0; i < opCount; i++)
            {
                if (reader.ReadArrayHeader() != 5) throw Corrupt(metadataPath, "malformed operator entry");
                var id = reader.ReadString() ?? throw Corrupt(metadataPath, "an operator without id");
                var parallelism = reader.ReadInt32();
                var maxParallelism = reader.ReadInt32();
                if (parallelism <= 0 || maxParallelism <= 0) throw Corrupt(metadataPath, $"operator {id} has parallelism {parallelism}/{maxParallelism}");
                var coordinator = TaskStateSnapshotFormat.ReadBytes(ref reader);
                var finishedCount = reader.ReadArrayHeader();
                var finished = new HashSet<int>();
                for (var f = 0; f < finishedCount; f++) finished.Add(reader.ReadInt32());
                operators.Add((id, parallelism, maxParallelism, coordinator, finished));
            }
            var subtaskStates = operators.ToDictionary(o => o.Id, _ => new Dictionary<int, OperatorSubtaskState>(), StringComparer.Ordinal);
            var fileCount = reader.ReadArrayHeader();
            for (var i = 0; i < fileCount; i++)
            {
                if (reader.ReadArrayHeader() != 2) throw Corrupt(metadataPath, "malformed task file entry");
                var name = reader.ReadString() ?? throw Corrupt(metadataPath, "a task file without a name");
                var subtask = reader.ReadInt32();
                if (Path.GetFileName(name) != name) throw Corrupt(metadataPath, $"task file name '{name}' leaves the checkpoint directory");
                var path = Path.Combine(directory, name);
                // Every file is read and checked here, so a defect fails the submission; the restore keeps only its handle, and each
                // task reads its files itself (in a TaskManager process too, which gets the handles).
                var handle = new TaskStateHandle(Path.GetFullPath(path), File.Exists(path) ? new FileInfo(path).Length : 0);
                var state = TaskStateFileReader.ReadUncached(handle);
                foreach (var (opId, opState) in state.Operators)
                {
                    if (!subtaskStates.TryGetValue(opId, out var states)) throw Corrupt(path, $"state of operator {opId}, which _metadata does not list");
                    states[subtask] = opState.InFile(handle);
                }
            }
            if (!reader.End) throw Corrupt(metadataPath, "data after the end");
            var result = operators.ToDictionary(o => o.Id,
                o => new OperatorState(o.Id, o.Parallelism, o.MaxParallelism, o.Coordinator, subtaskStates[o.Id], o.Finished), StringComparer.Ordinal);
            return new CompletedCheckpoint(jobId, checkpointId, triggerTimestamp, completionTimestamp, result, Path.GetFullPath(directory))
            {
                Properties = kind == CheckpointFileFormat.Kind.SavepointMetadata ? CheckpointProperties.Savepoint(SavepointFormatType.CANONICAL) : CheckpointProperties.Checkpoint,
            };
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or FormatException)
        {
            throw new InvalidDataException($"Checkpoint metadata file '{metadataPath}' is corrupt: {e.Message}", e);
        }
    }

    private static InvalidDataException Corrupt(string path, string what) => new($"Checkpoint file '{path}' is corrupt: {what}.");
}
