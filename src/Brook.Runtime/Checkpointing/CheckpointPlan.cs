using Brook.Runtime.JobGraph;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.Checkpointing;

/// <summary>One subtask attempt in a checkpoint plan.</summary>
internal sealed record PlannedTask(ExecutionAttemptId AttemptId, JobVertex Vertex, int SubtaskIndex, ITaskExecutorGateway Gateway);

/// <summary>
/// Who takes part in one checkpoint (Flink's CheckpointPlan): the running tasks the barrier starts at (sources,
/// and tasks whose inputs have all finished), every running task to wait for, the tasks that already finished
/// (they count as acknowledged, with finished state), and the source coordinators whose enumerators are snapshotted.
/// </summary>
internal sealed record CheckpointPlan(
    IReadOnlyList<PlannedTask> TasksToTrigger,
    IReadOnlyList<PlannedTask> TasksToWaitFor,
    IReadOnlyList<PlannedTask> FinishedTasks,
    IReadOnlyDictionary<JobVertex, ISourceCoordinator> SourceCoordinators);
