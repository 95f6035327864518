using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Core.Ids;
using Brook.Runtime.Checkpointing;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Metrics;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;
using Brook.Streaming.Accumulators;
using Microsoft.Extensions.Time.Testing;

namespace Brook.State.Tests.Checkpointing;

/// <summary>The coordinator on fake time with fake tasks: triggers, acknowledgements, expiry, declines, retention.</summary>
public sealed class CheckpointCoordinatorTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly FakeGateway _gateway = new();
    private readonly List<PlannedTask> _tasks;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "brook-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointCoordinatorTests()
    {
        var vertex = new JobVertex
        {
            Id = JobVertexId.Generate(), Name = "v", Parallelism = 2, MaxParallelism = 128, ChainedNodes = [], OperatorIds = new Dictionary<int, OperatorId>(),
        };
        _tasks = [new PlannedTask(ExecutionAttemptId.Generate(), vertex, 0, _gateway), new PlannedTask(ExecutionAttemptId.Generate(), vertex, 1, _gateway)];
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private CheckpointCoordinator Create(int tolerable = 0, int retained = 1, string? dir = null, TimeSpan? timeout = null, TimeSpan? minPause = null, int maxConcurrent = 1,
        bool unaligned = false, TimeSpan alignedTimeout = default)
    {
        var config = new CheckpointCoordinatorConfiguration(TimeSpan.FromSeconds(10), CheckpointingMode.EXACTLY_ONCE, timeout ?? TimeSpan.FromMinutes(1),
            minPause ?? TimeSpan.Zero, maxConcurrent, tolerable, retained, ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS, dir, true)
        {
            UnalignedCheckpointsEnabled = unaligned,
            AlignedCheckpointTimeout = alignedTimeout,
        };
        var jobId = JobId.Generate();
        ICheckpointStorageAccess storage = dir is null ? new JobManagerCheckpointStorage() : new FileSystemCheckpointStorage(dir, jobId);
        return new CheckpointCoordinator(jobId, config, storage, () => new CheckpointPlan(_tasks, _tasks, [], new Dictionary<JobVertex, ISourceCoordinator>()), _time);
    }

    private static void Ack(CheckpointCoordinator c, PlannedTask t, long id) =>
        ((ICheckpointResponder)c).AcknowledgeCheckpoint(t.AttemptId, id, new SubtaskCheckpointStatistics(t.SubtaskIndex, 0, 0, 0, 0, 0, 0),
            new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState>(), false), null);

    [Fact]
    public void Periodic_trigger_fires_on_the_interval_and_completes_when_every_task_acknowledged()
    {
        using var c = Create();
        c.StartCheckpointScheduler();
        Assert.Empty(_gateway.Triggered);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _gateway.Triggered.Count);
        Assert.Equal(1, c.NumberOfPendingCheckpoints);
        Ack(c, _tasks[0], 1);
        Assert.Null(c.LatestCompletedCheckpoint);
        Ack(c, _tasks[1], 1);
        Assert.Equal(1, c.LatestCompletedCheckpoint!.CheckpointId);
        Assert.Equal(0, c.NumberOfPendingCheckpoints);
        Assert.Equal(2, _gateway.Completed.Count(n => n == 1));
    }

    [Fact]
    public async Task A_checkpoint_not_acknowledged_within_the_timeout_expires_and_past_the_tolerable_number_fails_the_job()
    {
        using var c = Create(tolerable: 1, timeout: TimeSpan.FromSeconds(5));
        Exception? failed = null;
        c.FailJob += e => failed = e;
        var first = c.TriggerCheckpointAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        var e1 = await Assert.ThrowsAsync<CheckpointException>(() => first);
        Assert.Equal(CheckpointFailureReason.CheckpointExpired, e1.Reason);
        Assert.Null(failed);
        var second = c.TriggerCheckpointAsync();
        ((ICheckpointResponder)c).DeclineCheckpoint(_tasks[1].AttemptId, 2, new InvalidOperationException("not now"));
        var e2 = await Assert.ThrowsAsync<CheckpointException>(() => second);
        Assert.Equal(CheckpointFailureReason.CheckpointDeclined, e2.Reason);
        Assert.NotNull(failed);
        Assert.Contains("tolerable", failed!.Message);
        Assert.Contains(2L, _gateway.Aborted);
    }

    [Fact]
    public async Task A_trigger_that_fails_on_a_task_does_not_count_but_an_unwritable_location_does()
    {
        using var c = Create(tolerable: 0, dir: _dir);
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        c.FailJob += e => failed.TrySetResult(e);
        _gateway.ThrowOnTrigger = new InvalidOperationException("the task is gone");
        var e1 = await Assert.ThrowsAsync<CheckpointException>(() => c.TriggerCheckpointAsync());
        Assert.Equal(CheckpointFailureReason.TriggerFailure, e1.Reason);
        Assert.False(failed.Task.IsCompleted);
        Assert.Equal(0, c.ContinuousFailures);

        _gateway.ThrowOnTrigger = null;
        Directory.Delete(_dir, recursive: true);
        await File.WriteAllTextAsync(_dir, "a file where the checkpoint directory should be");
        var e2 = await Assert.ThrowsAsync<CheckpointException>(() => c.TriggerCheckpointAsync());
        File.Delete(_dir);
        Assert.Equal(CheckpointFailureReason.IoException, e2.Reason);
        // The counted failure fails the job (raised off the caller's thread).
        Assert.Contains("tolerable", (await failed.Task.WaitAsync(TimeSpan.FromSeconds(30))).Message);
    }

    [Theory]
    [InlineData(false, 0, "CHECKPOINT")]
    [InlineData(true, 0, "UNALIGNED_CHECKPOINT")]
    [InlineData(true, 100, "CHECKPOINT")]
    public async Task A_checkpoint_is_typed_unaligned_when_it_starts_unaligned(bool unaligned, int alignedTimeoutMillis, string type)
    {
        using var c = Create(unaligned: unaligned, alignedTimeout: TimeSpan.FromMilliseconds(alignedTimeoutMillis));
        var checkpoint = c.TriggerCheckpointAsync();
        Ack(c, _tasks[0], 1);
        Ack(c, _tasks[1], 1);
        Assert.Equal(type, (await checkpoint).Properties.TypeName);
    }

    [Fact]
    public async Task A_completed_checkpoint_resets_the_failure_counter()
    {
        using var c = Create(tolerable: 1, timeout: TimeSpan.FromSeconds(5));
        var failures = 0;
        c.FailJob += _ => failures++;
        var expired = c.TriggerCheckpointAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<CheckpointException>(() => expired);
        var ok = c.TriggerCheckpointAsync();
        Ack(c, _tasks[0], 2);
        Ack(c, _tasks[1], 2);
        Assert.Equal(2, (await ok).CheckpointId);
        Assert.Equal(0, c.ContinuousFailures);
        var again = c.TriggerCheckpointAsync();
        _time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<CheckpointException>(() => again);
        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task File_storage_keeps_exactly_the_retained_number_of_checkpoints()
    {
        using var c = Create(retained: 2, dir: _dir);
        for (var id = 1; id <= 4; id++)
        {
            var t = c.TriggerCheckpointAsync();
            Ack(c, _tasks[0], id);
            Ack(c, _tasks[1], id);
            await t;
        }
        Assert.Equal([3L, 4L], c.CompletedCheckpoints.Select(x => x.CheckpointId));
        var jobDir = Directory.GetDirectories(_dir).Single();
        Assert.Equal(["chk-3", "chk-4"], Directory.GetDirectories(jobDir, "chk-*").Select(Path.GetFileName).Order());
        Assert.True(File.Exists(Path.Combine(jobDir, "chk-4", "_metadata")));
        c.Shutdown(Core.States.JobStatus.FINISHED);
        Assert.False(Directory.Exists(jobDir));
    }

    [Fact]
    public void Periodic_triggers_respect_max_concurrent_checkpoints_and_the_minimum_pause()
    {
        using var c = Create(maxConcurrent: 1, minPause: TimeSpan.FromSeconds(15));
        c.StartCheckpointScheduler();
        _time.Advance(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(10));
        // The second period found checkpoint 1 still pending: skipped, and not a failure.
        Assert.Equal([1L, 1L], _gateway.Triggered);
        Assert.Equal(0, c.ContinuousFailures);
        Ack(c, _tasks[0], 1);
        Ack(c, _tasks[1], 1);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _gateway.Triggered.Count); // 10 s after completing, inside the 15 s minimum pause
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, _gateway.Triggered.Count);
        Assert.Equal(2, _gateway.Triggered.Last());
    }

    [Fact]
    public void Subsumed_and_failover_aborts_do_not_count_as_failures()
    {
        using var c = Create(tolerable: 0);
        var failures = 0;
        c.FailJob += _ => failures++;
        _ = c.TriggerCheckpointAsync();
        _ = c.TriggerCheckpointAsync();
        Ack(c, _tasks[0], 2);
        Ack(c, _tasks[1], 2);
        Assert.Equal(0, c.NumberOfPendingCheckpoints); // checkpoint 1 was subsumed by 2
        _ = c.TriggerCheckpointAsync();
        c.AbortPendingCheckpoints("the job restarts");
        Assert.Equal(0, failures);
        Assert.Contains(c.Statistics, s => s.CheckpointId == 1 && s.Status == CheckpointStatsStatus.FAILED && s.FailureMessage!.Contains("subsumed"));
    }

    [Fact]
    public void A_finished_task_counts_as_acknowledged()
    {
        using var c = Create();
        _ = c.TriggerCheckpointAsync();
        c.OnTaskFinished(_tasks[0].AttemptId);
        Ack(c, _tasks[1], 1);
        var checkpoint = c.LatestCompletedCheckpoint!;
        Assert.Equal(1, checkpoint.CheckpointId);
    }

    private sealed class FakeGateway : ITaskExecutorGateway
    {
        public ConcurrentQueue<long> Triggered { get; } = new();

        public ConcurrentQueue<long> Completed { get; } = new();

        public ConcurrentQueue<long> Aborted { get; } = new();

        public ResourceId Id { get; } = ResourceId.Generate();

        public string Address => "fake";

        public void SubmitTask(TaskDeploymentDescriptor descriptor) => throw new NotSupportedException();

        public void CancelTask(ExecutionAttemptId attemptId)
        {
        }

        public Exception? ThrowOnTrigger { get; set; }

        public void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, CheckpointProperties properties)
        {
            if (ThrowOnTrigger is not null) throw ThrowOnTrigger;
            Triggered.Enqueue(checkpointId);
        }

        public void NotifyCheckpointComplete(ExecutionAttemptId attemptId, long checkpointId) => Completed.Enqueue(checkpointId);

        public void NotifyCheckpointAborted(ExecutionAttemptId attemptId, long checkpointId) => Aborted.Enqueue(checkpointId);

        public TaskMetricsSnapshot? GetTaskMetrics(ExecutionAttemptId attemptId) => null;

        public IReadOnlyDictionary<string, IAccumulator>? GetAccumulators(ExecutionAttemptId attemptId) => null;
    }
}
