using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Network;
using Brook.Runtime.ResourceManager;

namespace Brook.Runtime.Tasks;

/// <summary>Everything a TaskExecutor needs to run one subtask attempt (Flink's TaskDeploymentDescriptor).</summary>
public sealed class TaskDeploymentDescriptor
{
    internal TaskDeploymentDescriptor(JobId jobId, ExecutionAttemptId attemptId, JobVertex vertex, int subtaskIndex, int attemptNumber, SlotId slot,
        JobTaskResources resources, ITaskStateListener listener)
    {
        JobId = jobId;
        AttemptId = attemptId;
        Vertex = vertex;
        SubtaskIndex = subtaskIndex;
        AttemptNumber = attemptNumber;
        Slot = slot;
        Resources = resources;
        Listener = listener;
    }

    public JobId JobId { get; }

    public ExecutionAttemptId AttemptId { get; }

    public JobVertexId VertexId => Vertex.Id;

    public string TaskName => Vertex.Name;

    public int SubtaskIndex { get; }

    public int AttemptNumber { get; }

    public SlotId Slot { get; }

    internal JobVertex Vertex { get; }

    internal JobTaskResources Resources { get; }

    internal ITaskStateListener Listener { get; }
}

/// <summary>What all tasks of a job share in process: the channels, the source coordinators, job settings.</summary>
internal sealed record JobTaskResources(
    JobShuffle Shuffle,
    IReadOnlyDictionary<int, ISourceCoordinator> SourceCoordinators,
    TimeSpan BufferTimeout,
    Streaming.Operators.IStateBackend? StateBackend);

/// <summary>How a task reports its state changes (to its JobMaster).</summary>
internal interface ITaskStateListener
{
    void OnTaskStateChanged(TaskStateUpdate update);
}

/// <summary>A task's state change; terminal updates carry the failure and the final accumulators.</summary>
internal sealed record TaskStateUpdate(
    ExecutionAttemptId AttemptId,
    Core.States.ExecutionState State,
    Exception? Failure,
    IReadOnlyDictionary<string, Streaming.Accumulators.IAccumulator>? Accumulators,
    Metrics.TaskMetricsSnapshot? Metrics = null);
