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

namespace Brook.State.Tests.Savepoints;

/// <summary>
/// The coordinator's savepoints on fake time with fake tasks: their own directory, never retained, subsuming or
/// discarded; a task whose upstream tasks all finished without a barrier is started directly (no hang); CLAIM
/// deletes the restored snapshot once subsumed, NO_CLAIM never; disposal deletes savepoints and nothing else.
/// </summary>
public sealed class SavepointCoordinatorTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly RecordingGateway _gateway = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-sp-" + Guid.NewGuid().ToString("N"));
    private readonly JobVertex _source;
    private readonly JobVertex _map;
    private readonly PlannedTask _sourceTask;
    private readonly PlannedTask _mapTask;

    public SavepointCoordinatorTests()
    {
        (_source, _map) = Checkpointing.TwoVertexPlan.Create();
        _sourceTask = new PlannedTask(ExecutionAttemptId.Generate(), _source, 0, _gateway);
        _mapTask = new PlannedTask(ExecutionAttemptId.Generate(), _map, 0, _gateway);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private CheckpointCoordinator Create(JobId jobId, int retained = 1, CompletedCheckpoint? restoredFrom = null,
        ExternalizedCheckpointRetention retention = ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS)
    {
        var config = new CheckpointCoordinatorConfiguration(TimeSpan.FromSeconds(10), CheckpointingMode.EXACTLY_ONCE, TimeSpan.FromMinutes(1),
            TimeSpan.Zero, 1, 0, retained, retention, Path.Combine(_dir, "checkpoints"), true);
        return new CheckpointCoordinator(jobId, config, new FileSystemCheckpointStorage(Path.Combine(_dir, "checkpoints"), jobId),
            () => new CheckpointPlan([_sourceTask], [_sourceTask, _mapTask], [], new Dictionary<JobVertex, ISourceCoordinator>()), _time, restoredFrom: restoredFrom);
    }

    private static void Ack(CheckpointCoordinator c, PlannedTask t, long id) =>
        ((ICheckpointResponder)c).AcknowledgeCheckpoint(t.AttemptId, id, new SubtaskCheckpointStatistics(t.SubtaskIndex, 0, 0, 0, 0, 0, 0),
            new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState>(), false), null);

    private static void AckAll(CheckpointCoordinator c, long id, params PlannedTask[] tasks)
    {
        foreach (var t in tasks) Ack(c, t, id);
    }

    [Fact]
    public async Task A_savepoint_has_its_own_directory_subsumes_nothing_and_outlives_the_job()
    {
        var jobId = JobId.Generate();
        var c = Create(jobId);
        var checkpoint = c.TriggerCheckpointAsync();
        var savepoint = c.TriggerSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.NATIVE);
        Assert.Contains(_gateway.Triggered, t => t.Id == 2 && t.Properties.IsSavepoint && t.Properties.SavepointFormat == SavepointFormatType.NATIVE);
        AckAll(c, 2, _sourceTask, _mapTask);
        var completed = await savepoint;
        // The checkpoint triggered before the savepoint is still pending: a savepoint subsumes nothing.
        Assert.False(checkpoint.IsCompleted);
        Assert.Equal(Path.Combine(_dir, "savepoints"), Path.GetDirectoryName(completed.ExternalPointer));
        Assert.Matches($"^savepoint-{jobId.Hex[..6]}-[0-9a-f]{{12}}$", Path.GetFileName(completed.ExternalPointer));
        Assert.Empty(c.CompletedCheckpoints);
        AckAll(c, 1, _sourceTask, _mapTask);
        Assert.Equal(1, (await checkpoint).CheckpointId);
        Assert.Equal([1L], c.CompletedCheckpoints.Select(x => x.CheckpointId));
        var stats = c.StatisticsSnapshot();
        Assert.Equal(2, stats.LatestSavepoint?.CheckpointId);
        Assert.Equal(1, stats.LatestCompleted?.CheckpointId);
        Assert.Equal(2, stats.Counts.Completed);

        c.Shutdown(JobStatus.FINISHED);
        var loaded = CheckpointMetadataFormat.Load(completed.ExternalPointer!);
        Assert.True(loaded.Properties.IsSavepoint);
        Assert.False(Directory.Exists(Path.Combine(_dir, "checkpoints", jobId.Hex, "chk-1")));
    }

    [Fact]
    public void A_task_whose_upstream_tasks_all_finished_without_a_barrier_is_started_directly()
    {
        using var c = Create(JobId.Generate());
        _ = c.TriggerSynchronousSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL, drain: true);
        Assert.DoesNotContain(_gateway.Triggered, t => t.Attempt == _mapTask.AttemptId);
        // The source ended before it took the trigger: no barrier will reach the map, so the coordinator starts it.
        c.OnTaskFinished(_sourceTask.AttemptId);
        var late = Assert.Single(_gateway.Triggered, t => t.Attempt == _mapTask.AttemptId);
        Assert.Equal(1, late.Id);
        Assert.True(late.Properties.IsSynchronous && late.Properties.Drain);
    }

    [Theory]
    [InlineData(RecoveryClaimMode.CLAIM)]
    [InlineData(RecoveryClaimMode.NO_CLAIM)]
    public async Task Claim_mode_decides_whether_the_restored_snapshot_is_deleted_once_subsumed(RecoveryClaimMode mode)
    {
        var first = Create(JobId.Generate(), retention: ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        var checkpoint = first.TriggerCheckpointAsync();
        AckAll(first, 1, _sourceTask, _mapTask);
        var directory = (await checkpoint).ExternalPointer!;
        first.Shutdown(JobStatus.CANCELED);
        Assert.True(Directory.Exists(directory));

        var second = Create(JobId.Generate(), restoredFrom: CheckpointMetadataFormat.Load(directory));
        if (mode == RecoveryClaimMode.CLAIM) second.ClaimRestoredCheckpoint();
        var next = second.TriggerCheckpointAsync();
        AckAll(second, 2, _sourceTask, _mapTask);
        await next;
        Assert.Equal(mode != RecoveryClaimMode.CLAIM, Directory.Exists(directory));
        second.Shutdown(JobStatus.FINISHED);
    }

    [Fact]
    public async Task Disposal_deletes_only_a_savepoint_nobody_uses_and_keeps_foreign_files()
    {
        var c = Create(JobId.Generate(), retention: ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        var checkpoint = c.TriggerCheckpointAsync();
        AckAll(c, 1, _sourceTask, _mapTask);
        var savepoint = c.TriggerSavepointAsync(Path.Combine(_dir, "savepoints"), SavepointFormatType.CANONICAL);
        AckAll(c, 2, _sourceTask, _mapTask);
        var checkpointDir = (await checkpoint).ExternalPointer!;
        var savepointDir = (await savepoint).ExternalPointer!;
        c.Shutdown(JobStatus.CANCELED);

        var e = Assert.Throws<InvalidOperationException>(() => SavepointDisposal.Dispose(checkpointDir, []));
        Assert.Contains("holds a checkpoint, not a savepoint", e.Message);
        Assert.True(File.Exists(Path.Combine(checkpointDir, CheckpointMetadataFormat.FileName)));
        e = Assert.Throws<InvalidOperationException>(() => SavepointDisposal.Dispose("file:" + savepointDir, [savepointDir]));
        Assert.Contains("a running job uses", e.Message);
        Assert.True(Directory.Exists(savepointDir));

        var foreign = Path.Combine(savepointDir, "notes.txt");
        await File.WriteAllTextAsync(foreign, "a user's file");
        Assert.Equal(savepointDir, SavepointDisposal.Dispose(Path.Combine(savepointDir, CheckpointMetadataFormat.FileName), [checkpointDir]));
        Assert.False(File.Exists(Path.Combine(savepointDir, CheckpointMetadataFormat.FileName)));
        Assert.True(File.Exists(foreign));
    }

    private sealed class RecordingGateway : ITaskExecutorGateway
    {
        public ConcurrentQueue<(ExecutionAttemptId Attempt, long Id, CheckpointProperties Properties)> Triggered { get; } = new();

        public ResourceId Id { get; } = ResourceId.Generate();

        public string Address => "fake";

        public void SubmitTask(TaskDeploymentDescriptor descriptor) => throw new NotSupportedException();

        public void CancelTask(ExecutionAttemptId attemptId)
        {
        }

        public void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, CheckpointProperties properties) =>
            Triggered.Enqueue((attemptId, checkpointId, properties));

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
