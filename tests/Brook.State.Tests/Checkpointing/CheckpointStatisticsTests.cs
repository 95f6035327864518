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

/// <summary>The coordinator's statistics on fake time: what the REST checkpoint views are built from.</summary>
public sealed class CheckpointStatisticsTests
{
    private const long Start = 1_000_000;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(Start));
    private readonly List<PlannedTask> _tasks;

    public CheckpointStatisticsTests()
    {
        var vertex = new JobVertex
        {
            Id = JobVertexId.Generate(), Name = "v", Parallelism = 2, MaxParallelism = 128, ChainedNodes = [], OperatorIds = new Dictionary<int, OperatorId>(),
        };
        var gateway = new SilentGateway();
        _tasks = [new PlannedTask(ExecutionAttemptId.Generate(), vertex, 0, gateway), new PlannedTask(ExecutionAttemptId.Generate(), vertex, 1, gateway)];
    }

    private CheckpointCoordinator Create(int historySize, CompletedCheckpoint? restoredFrom = null)
    {
        var config = new CheckpointCoordinatorConfiguration(TimeSpan.FromSeconds(10), CheckpointingMode.EXACTLY_ONCE, TimeSpan.FromMinutes(1),
            TimeSpan.Zero, 1, 5, 1, ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS, null, true);
        return new CheckpointCoordinator(JobId.Generate(), config, new JobManagerCheckpointStorage(),
            () => new CheckpointPlan(_tasks, _tasks, [], new Dictionary<JobVertex, ISourceCoordinator>()), _time, restoredFrom: restoredFrom,
            statisticsHistorySize: historySize);
    }

    private void Ack(CheckpointCoordinator c, int subtask, long id, long stateSize) =>
        ((ICheckpointResponder)c).AcknowledgeCheckpoint(_tasks[subtask].AttemptId, id,
            new SubtaskCheckpointStatistics(subtask, _time.GetUtcNow().ToUnixTimeMilliseconds(), stateSize, 1, 2, 3, 4),
            new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState>(), false), null);

    [Fact]
    public async Task Counts_summaries_latest_and_a_bounded_history_follow_every_checkpoint()
    {
        using var c = Create(historySize: 2);
        var first = c.TriggerCheckpointAsync();
        _time.Advance(TimeSpan.FromMilliseconds(40));
        Ack(c, 0, 1, 100);
        var pending = c.StatisticsSnapshot();
        Assert.Equal(new CheckpointStatsCounts(0, 1, 1, 0, 0), pending.Counts);
        var inProgress = Assert.Single(pending.History);
        Assert.Equal((CheckpointStatsStatus.IN_PROGRESS, 1, 40L, 100L), (inProgress.Status, inProgress.NumberOfAcknowledgedSubtasks, inProgress.EndToEndDuration, inProgress.StateSize));
        Assert.Equal(2, inProgress.SubtasksPerVertex[_tasks[0].Vertex.Id]);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Ack(c, 1, 1, 300);
        await first;

        var second = c.TriggerCheckpointAsync();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        ((ICheckpointResponder)c).DeclineCheckpoint(_tasks[1].AttemptId, 2, new InvalidOperationException("not now"));
        await Assert.ThrowsAsync<CheckpointException>(() => second);

        var third = c.TriggerCheckpointAsync();
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Ack(c, 0, 3, 500);
        Ack(c, 1, 3, 700);
        await third;

        var s = c.StatisticsSnapshot();
        Assert.Equal(new CheckpointStatsCounts(0, 3, 0, 2, 1), s.Counts);
        Assert.Equal([3L, 2L], s.History.Select(h => h.CheckpointId));
        Assert.Equal((400L, 1200L, 800L), (s.Summary.StateSize.Minimum, s.Summary.StateSize.Maximum, s.Summary.StateSize.Average));
        Assert.Equal((60L, 100L), (s.Summary.EndToEndDuration.Minimum, s.Summary.EndToEndDuration.Maximum));
        Assert.Equal(0, s.Summary.PersistedData.Maximum);
        Assert.Equal((3L, 100L), (s.LatestCompleted!.CheckpointId, s.LatestCompleted.EndToEndDuration));
        Assert.False(s.LatestCompleted.Discarded);
        var failed = s.LatestFailed!;
        Assert.Equal((2L, Start + 65, 5L), (failed.CheckpointId, failed.FailureTimestamp, failed.EndToEndDuration));
        Assert.Contains("not now", failed.FailureMessage);
        Assert.Null(s.LatestRestored);
        // Checkpoint 1 was discarded when 3 completed (one retained) and left the history of two.
        Assert.Null(s.Checkpoint(1));
    }

    [Fact]
    public async Task A_discarded_checkpoint_still_in_the_history_says_so_and_restores_are_counted()
    {
        using var c = Create(historySize: 10);
        var first = c.TriggerCheckpointAsync();
        Ack(c, 0, 1, 1);
        Ack(c, 1, 1, 1);
        var restored = await first;
        var second = c.TriggerCheckpointAsync();
        Ack(c, 0, 2, 1);
        Ack(c, 1, 2, 1);
        await second;
        var s = c.StatisticsSnapshot();
        Assert.True(s.Checkpoint(1)!.Discarded);
        Assert.False(s.Checkpoint(2)!.Discarded);

        _time.Advance(TimeSpan.FromSeconds(1));
        c.ReportRestored(restored);
        Assert.Equal(new RestoredCheckpointStats(1, Start + 1000, false, null), c.StatisticsSnapshot().LatestRestored);
        Assert.Equal(1, c.StatisticsSnapshot().Counts.Restored);

        using var fromPath = Create(historySize: 10, restoredFrom: restored);
        Assert.Equal(1, fromPath.StatisticsSnapshot().Counts.Restored);
        Assert.Equal(1, fromPath.StatisticsSnapshot().LatestRestored!.CheckpointId);
    }

    private sealed class SilentGateway : ITaskExecutorGateway
    {
        public ResourceId Id { get; } = ResourceId.Generate();

        public string Address => "fake";

        public void SubmitTask(TaskDeploymentDescriptor descriptor) => throw new NotSupportedException();

        public void CancelTask(ExecutionAttemptId attemptId)
        {
        }

        public void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, CheckpointProperties properties)
        {
        }

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
