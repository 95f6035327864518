using System.Collections.Concurrent;
using Brook.Core.Configuration;
using Brook.Core.Ids;
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
/// The coordinator's side of the final checkpoint (FLIP-147) on fake time: a task downstream of tasks that snapshot
/// their finished state (no barrier) is started directly; once every running task waits for its final checkpoint, one
/// is triggered without waiting for the interval, and not before.
/// </summary>
public sealed class FinalCheckpointCoordinatorTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
    private readonly RecordingGateway _gateway = new();
    private readonly PlannedTask _sourceTask;
    private readonly PlannedTask _mapTask;

    public FinalCheckpointCoordinatorTests()
    {
        var env = StreamExecutionEnvironment.Create(new PlanCapturingExecutor()).SetParallelism(1);
        env.FromSequence(1, 10).KeyBy(v => v % 2).Map(v => v + 1).SinkTo(new ActionSink<long>(_ => { }, "Discard"));
        var graph = JobGraph.FromStreamGraph(env.GetStreamGraph("two vertices"));
        _sourceTask = new PlannedTask(ExecutionAttemptId.Generate(), graph.Vertices.Single(v => v.Inputs.Count == 0), 0, _gateway);
        _mapTask = new PlannedTask(ExecutionAttemptId.Generate(), graph.Vertices.Single(v => v.Inputs.Count > 0), 0, _gateway);
    }

    private CheckpointCoordinator Create()
    {
        // An hour-long interval: nothing periodic happens within a test.
        var config = new CheckpointCoordinatorConfiguration(TimeSpan.FromHours(1), CheckpointingMode.EXACTLY_ONCE, TimeSpan.FromMinutes(1),
            TimeSpan.Zero, 1, 0, 1, ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS, null, true);
        return new CheckpointCoordinator(JobId.Generate(), config, new JobManagerCheckpointStorage(),
            () => new CheckpointPlan([_sourceTask], [_sourceTask, _mapTask], [], new Dictionary<JobVertex, ISourceCoordinator>()), _time);
    }

    private static void Ack(CheckpointCoordinator c, PlannedTask t, long id, bool finished) =>
        ((ICheckpointResponder)c).AcknowledgeCheckpoint(t.AttemptId, id, new SubtaskCheckpointStatistics(t.SubtaskIndex, 0, 0, 0, 0, 0, 0),
            new TaskStateSnapshot(new Dictionary<string, OperatorSubtaskState>(), finished), null);

    [Fact]
    public void A_task_downstream_of_a_final_snapshot_is_started_directly_and_an_ordinary_acknowledgement_does_not_start_it()
    {
        using var c = Create();
        _ = c.TriggerCheckpointAsync();
        Ack(c, _sourceTask, 1, finished: false);
        Assert.DoesNotContain(_gateway.Triggered, t => t.Attempt == _mapTask.AttemptId);

        _ = c.TriggerCheckpointAsync();
        // The source's operators finished and its outputs ended: it acknowledges without sending checkpoint 2's barrier.
        Ack(c, _sourceTask, 2, finished: true);
        Assert.Equal(2, Assert.Single(_gateway.Triggered, t => t.Attempt == _mapTask.AttemptId).Id);
    }

    [Fact]
    public void A_checkpoint_is_triggered_once_every_running_task_waits_for_its_final_checkpoint()
    {
        using var c = Create();
        var responder = (ICheckpointResponder)c;
        responder.ReportWaitingForFinalCheckpoint(_sourceTask.AttemptId);
        Assert.Equal(0, c.NumberOfPendingCheckpoints);
        Assert.Empty(_gateway.Triggered);

        responder.ReportWaitingForFinalCheckpoint(_mapTask.AttemptId);
        Assert.Equal(1, c.NumberOfPendingCheckpoints);
        Assert.Equal(1, Assert.Single(_gateway.Triggered, t => t.Attempt == _sourceTask.AttemptId).Id);

        // Both acknowledge their final state; the completion ends them, and no further checkpoint is triggered for them.
        Ack(c, _sourceTask, 1, finished: true);
        Ack(c, _mapTask, 1, finished: true);
        Assert.Equal(1, c.LatestCompletedCheckpoint!.CheckpointId);
        Assert.Equal(0, c.NumberOfPendingCheckpoints);
        Assert.DoesNotContain(_gateway.Triggered, t => t.Id == 2);
    }

    private sealed class RecordingGateway : ITaskExecutorGateway
    {
        public ConcurrentQueue<(ExecutionAttemptId Attempt, long Id)> Triggered { get; } = new();

        public ResourceId Id { get; } = ResourceId.Generate();

        public string Address => "fake";

        public void SubmitTask(TaskDeploymentDescriptor descriptor) => throw new NotSupportedException();

        public void CancelTask(ExecutionAttemptId attemptId)
        {
        }

        public void TriggerCheckpoint(ExecutionAttemptId attemptId, long checkpointId, long timestamp, CheckpointProperties properties) =>
            Triggered.Enqueue((attemptId, checkpointId));

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
