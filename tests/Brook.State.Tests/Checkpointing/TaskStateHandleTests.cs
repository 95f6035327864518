using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Core.States;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Metrics;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;
using Brook.Streaming;
using Brook.Streaming.Accumulators;
using Brook.Streaming.Execution;
using Brook.Streaming.Sinks;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.Checkpointing;

/// <summary>
/// State handles of tasks that wrote their state files themselves (TaskManager processes): the JobManager's check refuses
/// paths that leave the checkpoint's directory (<c>..</c>, other absolute paths, symbolic links), other subtasks' files, sizes
/// that differ and files that are missing, truncated or of another kind; acknowledged handles end up in _metadata, restore by
/// reading the files (at another parallelism too), and a corrupt file fails the restore naming it; the files of declined,
/// aborted and subsumed checkpoints are deleted with their directory, and a savepoint's files move into the savepoint,
/// which stays readable after it was moved.
/// </summary>
public sealed class TaskStateHandleTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly Gateway _gateway = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-handles-" + Guid.NewGuid().ToString("N"));
    private readonly JobVertex _source;
    private readonly JobVertex _map;
    private readonly PlannedTask _sourceTask;
    private readonly PlannedTask _mapTask;

    public TaskStateHandleTests()
    {
        (_source, _map) = TwoVertexPlan.Create();
        _sourceTask = new PlannedTask(ExecutionAttemptId.Generate(), _source, 0, _gateway);
        _mapTask = new PlannedTask(ExecutionAttemptId.Generate(), _map, 0, _gateway);
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string MapOperator => _map.OperatorIdsInChainOrder.First().Hex;

    private string MapFileName => FileSystemCheckpointStorage.TaskStateFileName(_map.Id, 0);

    /// <summary>Writes a task state file as a TaskManager's task does; its handle.</summary>
    private static TaskStateHandle WriteStateFile(string path, byte[] keyed)
    {
        var snapshot = new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState> { ["op"] = new(keyed, null, null) }, false);
        return WriteStateFile(path, snapshot);
    }

    private static TaskStateHandle WriteStateFile(string path, TaskStateSnapshot snapshot)
    {
        CheckpointFileFormat.Write(path, CheckpointFileFormat.Kind.TaskState, TaskStateSnapshotFormat.Write(snapshot));
        return new TaskStateHandle(path, new FileInfo(path).Length);
    }

    private string CheckpointDir(int n = 1)
    {
        var dir = Path.Combine(_dir, "job", "chk-" + n);
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void A_handle_of_the_subtasks_own_file_in_the_checkpoint_directory_is_accepted_normalised()
    {
        var dir = CheckpointDir();
        var handle = WriteStateFile(Path.Combine(dir, "v-0"), [1, 2, 3]);
        var accepted = TaskStateHandleValidation.Validate(dir, "v-0", Path.Combine(dir, "sub", "..", "v-0"), handle.Size);
        Assert.Equal(Path.Combine(dir, "v-0"), accepted.FilePath);
        Assert.Equal(handle.Size, accepted.Size);
    }

    [Fact]
    public void Handles_that_leave_the_checkpoint_directory_or_name_another_file_are_refused()
    {
        var dir = CheckpointDir();
        var other = CheckpointDir(2);
        var outside = WriteStateFile(Path.Combine(other, "v-0"), [1]);
        WriteStateFile(Path.Combine(dir, "v-1"), [1]);
        string Refused(string path, string name = "v-0", long? size = null) =>
            Assert.Throws<InvalidDataException>(() => TaskStateHandleValidation.Validate(dir, name, path, size ?? outside.Size)).Message;

        Assert.Contains("lies outside the checkpoint's directory", Refused(Path.Combine(dir, "..", "chk-2", "v-0")));
        Assert.Contains("lies outside the checkpoint's directory", Refused(outside.FilePath));
        Assert.Contains("lies outside the checkpoint's directory", Refused("/etc/passwd"));
        Assert.Contains("lies outside the checkpoint's directory", Refused(Path.Combine(dir, "nested", "v-0")));
        Assert.Contains("is not an absolute path", Refused("v-0"));
        Assert.Contains("is not an absolute path", Refused(Path.Combine("..", "chk-1", "v-0")));
        Assert.Contains("is not a valid path", Refused(dir + "/v-0\0"));
        Assert.Contains("is not a valid path", Refused(""));
        // Another subtask's file in the same directory is not this subtask's state.
        Assert.Contains("does not name this subtask's state file 'v-0'", Refused(Path.Combine(dir, "v-1")));
        Assert.Contains("negative size", Refused(Path.Combine(dir, "v-0"), size: -1));
    }

    [Fact]
    public void Symbolic_links_out_of_the_checkpoint_directory_are_refused()
    {
        var dir = CheckpointDir();
        var secret = WriteStateFile(Path.Combine(_dir, "elsewhere"), [7]);
        File.CreateSymbolicLink(Path.Combine(dir, "v-0"), secret.FilePath);
        var e = Assert.Throws<InvalidDataException>(() => TaskStateHandleValidation.Validate(dir, "v-0", Path.Combine(dir, "v-0"), secret.Size));
        Assert.Contains("is a symbolic link", e.Message);

        var target = Path.Combine(_dir, "real-dir");
        Directory.CreateDirectory(target);
        WriteStateFile(Path.Combine(target, "v-0"), [7]);
        var linked = Path.Combine(_dir, "job", "chk-3");
        Directory.CreateSymbolicLink(linked, target);
        e = Assert.Throws<InvalidDataException>(() => TaskStateHandleValidation.Validate(linked, "v-0", Path.Combine(linked, "v-0"), secret.Size));
        Assert.Contains("is a symbolic link", e.Message);
        Assert.True(File.Exists(secret.FilePath));
    }

    [Fact]
    public void A_missing_short_truncated_or_foreign_file_is_refused_naming_it()
    {
        var dir = CheckpointDir();
        var path = Path.Combine(dir, "v-0");
        var missing = Assert.Throws<InvalidDataException>(() => TaskStateHandleValidation.Validate(dir, "v-0", path, 100));
        Assert.Contains($"'{path}'", missing.Message);
        Assert.Contains("does not exist", missing.Message);

        var handle = WriteStateFile(path, new byte[1000]);
        var mismatch = Assert.Throws<InvalidDataException>(() => TaskStateHandleValidation.Validate(dir, "v-0", path, handle.Size + 1));
        Assert.Contains($"has {handle.Size} bytes; its state handle says {handle.Size + 1}", mismatch.Message);

        // Cut short: the size matches the handle, but the header announces more data than follows.
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        var truncated = Assert.Throws<InvalidDataException>(() => TaskStateHandleValidation.Validate(dir, "v-0", path, bytes.Length - 10));
        Assert.Contains("truncated", truncated.Message);
        File.WriteAllBytes(path, bytes[..20]);
        Assert.Contains("shorter than its", Assert.Throws<InvalidDataException>(() => TaskStateHandleValidation.Validate(dir, "v-0", path, 20)).Message);

        CheckpointFileFormat.Write(path, CheckpointFileFormat.Kind.Metadata, [1, 2, 3]);
        var foreign = Assert.Throws<InvalidDataException>(() => TaskStateHandleValidation.Validate(dir, "v-0", path, new FileInfo(path).Length));
        Assert.Contains("holds Metadata, not TaskState", foreign.Message);
    }

    private CheckpointCoordinator Create(JobId jobId, CompletedCheckpoint? restoredFrom = null)
    {
        var config = new CheckpointCoordinatorConfiguration(TimeSpan.FromSeconds(10), CheckpointingMode.EXACTLY_ONCE, TimeSpan.FromMinutes(1),
            TimeSpan.Zero, 1, 0, 1, ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS, Path.Combine(_dir, "checkpoints"), true);
        return new CheckpointCoordinator(jobId, config, new FileSystemCheckpointStorage(Path.Combine(_dir, "checkpoints"), jobId),
            () => new CheckpointPlan([_sourceTask], [_sourceTask, _mapTask], [], new Dictionary<JobVertex, ISourceCoordinator>()), _time, restoredFrom: restoredFrom);
    }

    private static void AckEmpty(CheckpointCoordinator c, PlannedTask t, long id) =>
        ((ICheckpointResponder)c).AcknowledgeCheckpoint(t.AttemptId, id, new SubtaskCheckpointStatistics(t.SubtaskIndex, 0, 0, 0, 0, 0, 0),
            new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState>(), false), null);

    /// <summary>What a TaskManager's task does: writes its file into the checkpoint's directory; what the JobManager then records.</summary>
    private (TaskStateSnapshot Recorded, TaskStateHandle Handle) WriteAsTaskManager(CheckpointCoordinator c, long id, byte[] keyed, byte[] operatorState)
    {
        var directory = ((CheckpointStorageRouter)c.Storage).TaskStateDirectory(id)!;
        var state = new OperatorSubtaskState(keyed, operatorState, null);
        var handle = WriteStateFile(Path.Combine(directory, MapFileName),
            new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState> { [MapOperator] = state }, false));
        var validated = TaskStateHandleValidation.Validate(directory, MapFileName, handle.FilePath, handle.Size);
        return (new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState> { [MapOperator] = state.InFile(validated) }, false), validated);
    }

    private void AckHandle(CheckpointCoordinator c, long id, TaskStateSnapshot recorded) =>
        ((ICheckpointResponder)c).AcknowledgeCheckpoint(_mapTask.AttemptId, id, new SubtaskCheckpointStatistics(0, 0, recorded.StateSize, 0, 0, 0, 0),
            recorded, MapFileName);

    [Fact]
    public async Task Acknowledged_handles_go_into_the_metadata_and_a_restore_reads_the_files()
    {
        var jobId = JobId.Generate();
        var c = Create(jobId);
        var pending = c.TriggerCheckpointAsync();
        var (recorded, handle) = WriteAsTaskManager(c, 1, [1, 2, 3, 4], [9]);
        Assert.True(c.IsAwaiting(1, _mapTask.AttemptId));
        AckEmpty(c, _sourceTask, 1);
        AckHandle(c, 1, recorded);
        var completed = await pending;

        // The JobManager holds the handle, not the bytes.
        var kept = completed.OperatorStates[MapOperator].SubtaskStates[0];
        Assert.Null(kept.KeyedState);
        Assert.Equal(handle, kept.StateHandle);
        Assert.Equal(5, completed.StateSize);
        var restore = completed.TaskRestoreFor(_map, 0)!.Operators[MapOperator];
        Assert.True(restore.HasFileParts);
        Assert.Equal([1, 2, 3, 4], Assert.Single(restore.KeyedStates));
        Assert.Equal([9], Assert.Single(restore.OperatorStates));

        // _metadata names the file; loading it checks the file and keeps only its handle.
        var loaded = CheckpointMetadataFormat.Load(completed.ExternalPointer!);
        Assert.Equal(handle, loaded.OperatorStates[MapOperator].SubtaskStates[0].StateHandle);
        Assert.Equal(5, loaded.StateSize);

        // A file changed after the checkpoint fails the restore, naming the file.
        var bytes = File.ReadAllBytes(handle.FilePath);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(handle.FilePath, bytes);
        var corrupt = Assert.Throws<InvalidDataException>(() => completed.TaskRestoreFor(_map, 0)!.Operators[MapOperator].KeyedStates);
        Assert.Contains(handle.FilePath, corrupt.Message);
        Assert.Contains("checksum", corrupt.Message);
        File.WriteAllBytes(handle.FilePath, bytes[..^1]);
        var shorter = Assert.Throws<InvalidDataException>(() => completed.TaskRestoreFor(_map, 0)!.Operators[MapOperator].OperatorStates);
        Assert.Contains($"has {bytes.Length - 1} bytes; the checkpoint recorded {bytes.Length}", shorter.Message);
        c.Shutdown(JobStatus.FINISHED);
    }

    [Fact]
    public async Task The_files_of_declined_aborted_and_subsumed_checkpoints_are_deleted_and_a_late_write_leaves_nothing()
    {
        var jobId = JobId.Generate();
        var c = Create(jobId);
        // Declined by the source after the map's TaskManager wrote its file.
        var declined = c.TriggerCheckpointAsync();
        var (_, first) = WriteAsTaskManager(c, 1, [1], [1]);
        ((ICheckpointResponder)c).DeclineCheckpoint(_sourceTask.AttemptId, 1, new InvalidOperationException("no"));
        await Assert.ThrowsAsync<CheckpointException>(() => declined);
        Assert.False(File.Exists(first.FilePath));
        Assert.False(Directory.Exists(Path.GetDirectoryName(first.FilePath)));
        // A task that writes after the discard finds no directory: nothing is created, no temporary file is left.
        Assert.ThrowsAny<IOException>(() => WriteStateFile(first.FilePath, [1]));
        Assert.False(Directory.Exists(Path.GetDirectoryName(first.FilePath)));

        // Aborted for a failover.
        var aborted = c.TriggerCheckpointAsync();
        var (_, second) = WriteAsTaskManager(c, 2, [2], [2]);
        c.AbortPendingCheckpoints("a task failed");
        await Assert.ThrowsAsync<CheckpointException>(() => aborted);
        Assert.False(Directory.Exists(Path.GetDirectoryName(second.FilePath)));

        // Completed, then subsumed by the next one (one retained).
        var third = c.TriggerCheckpointAsync();
        var (recorded3, handle3) = WriteAsTaskManager(c, 3, [3], [3]);
        AckEmpty(c, _sourceTask, 3);
        AckHandle(c, 3, recorded3);
        await third;
        var fourth = c.TriggerCheckpointAsync();
        var (recorded4, handle4) = WriteAsTaskManager(c, 4, [4], [4]);
        AckEmpty(c, _sourceTask, 4);
        AckHandle(c, 4, recorded4);
        await fourth;
        Assert.False(File.Exists(handle3.FilePath));
        Assert.True(File.Exists(handle4.FilePath));

        c.Shutdown(JobStatus.FINISHED);
        Assert.False(Directory.Exists(Path.Combine(_dir, "checkpoints", jobId.Hex)));
    }

    [Fact]
    public async Task A_savepoints_files_move_into_it_and_it_restores_after_being_moved()
    {
        var jobId = JobId.Generate();
        var c = Create(jobId);
        var savepoint = c.TriggerSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL);
        // The TaskManager knows only the id: it writes into chk-1 of the job's directory.
        var (recorded, staged) = WriteAsTaskManager(c, 1, [5, 6], [7]);
        Assert.Equal(Path.Combine(_dir, "checkpoints", jobId.Hex, "chk-1", MapFileName), staged.FilePath);
        AckEmpty(c, _sourceTask, 1);
        AckHandle(c, 1, recorded);
        var completed = await savepoint;

        Assert.False(Directory.Exists(Path.GetDirectoryName(staged.FilePath)));
        Assert.Equal(Path.Combine(completed.ExternalPointer!, MapFileName), completed.OperatorStates[MapOperator].SubtaskStates[0].StateHandle!.FilePath);
        c.Shutdown(JobStatus.FINISHED);

        // Self-contained: moved elsewhere, it still loads and restores its state.
        var moved = Path.Combine(_dir, "moved-savepoint");
        Directory.Move(completed.ExternalPointer!, moved);
        var loaded = CheckpointMetadataFormat.Load(moved);
        Assert.True(loaded.Properties.IsSavepoint);
        var restore = loaded.TaskRestoreFor(_map, 0)!.Operators[MapOperator];
        Assert.Equal([5, 6], Assert.Single(restore.KeyedStates));
    }

    [Fact]
    public void A_restore_at_another_parallelism_reads_the_keyed_state_of_every_overlapping_file()
    {
        var jobId = JobId.Generate();
        var dir = CheckpointDir();
        var states = new Dictionary<int, OperatorSubtaskState>();
        for (var i = 0; i < 2; i++)
        {
            var op = new OperatorSubtaskState([(byte)(10 + i)], null, null,
                [new InputChannelStateEntry(1, -1, [(byte)i]), new InputChannelStateEntry(1, -1, [(byte)(i + 100)])]);
            var handle = WriteStateFile(Path.Combine(dir, $"v-{i}"), new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState> { [MapOperator] = op }, false));
            states[i] = op.InFile(handle);
        }
        var checkpoint = new CompletedCheckpoint(jobId, 1, 0, 0, new Dictionary<string, OperatorState>
        {
            [MapOperator] = new(MapOperator, 2, _map.MaxParallelism, null, states, new HashSet<int>()),
        }, dir);
        var restore = checkpoint.TaskRestoreFor(_map, 0)!.Operators[MapOperator];
        Assert.Equal(2, restore.KeyedStateParts.Count(p => p.File is not null));
        Assert.Equal([[10], [11]], restore.KeyedStates.Select(b => b.ToArray()));
        // Non-keyed in-flight records go to the previous subtask's index modulo the new parallelism: all of them to subtask 0.
        Assert.Equal([0, 100, 1, 101], restore.InputChannelState.Select(e => (int)e.Record[0]));
    }

    private sealed class Gateway : ITaskExecutorGateway
    {
        public ConcurrentQueue<long> Triggered { get; } = new();

        public ResourceId Id { get; } = ResourceId.Generate();

        public string Address => "fake";

        public void SubmitTask(TaskDeploymentDescriptor descriptor) => throw new NotSupportedException();

        public void CancelTask(ExecutionAttemptId attemptId)
        {
        }

        public void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, CheckpointProperties properties) => Triggered.Enqueue(checkpointId);

        public void NotifyCheckpointComplete(ExecutionAttemptId attemptId, long checkpointId)
        {
        }

        public void NotifyCheckpointAborted(ExecutionAttemptId attemptId, long checkpointId)
        {
        }

        public TaskMetricsSnapshot? GetTaskMetrics(ExecutionAttemptId attemptId) => null;

        public IReadOnlyDictionary<string, IAccumulator>? GetAccumulators(ExecutionAttemptId attemptId) => null;
    }
}
