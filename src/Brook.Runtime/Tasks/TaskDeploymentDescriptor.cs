using Brook.Core.Ids;
using Brook.Runtime.JobGraph;
using Brook.Runtime.Network;
using Brook.Runtime.ResourceManager;

namespace Brook.Runtime.Tasks;

/// <summary>Everything a TaskExecutor needs to run one subtask attempt (Flink's TaskDeploymentDescriptor).</summary>
public sealed class TaskDeploymentDescriptor
{
    internal TaskDeploymentDescriptor(JobId jobId, ExecutionAttemptId attemptId, JobVertex vertex, int subtaskIndex, int attemptNumber, SlotId slot,
        JobTaskResources resources, ITaskStateListener listener, Checkpointing.JobManagerTaskRestore? taskRestore = null)
    {
        TaskRestore = taskRestore;
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

    /// <summary>The job's name (the job_name variable of the task's metrics).</summary>
    public string JobName { get; init; } = "";

    public ExecutionAttemptId AttemptId { get; }

    public JobVertexId VertexId => Vertex.Id;

    public string TaskName => Vertex.Name;

    public int SubtaskIndex { get; }

    public int AttemptNumber { get; }

    public SlotId Slot { get; }

    internal JobVertex Vertex { get; }

    internal JobTaskResources Resources { get; private set; }

    /// <summary>
    /// Where this attempt's records go to and come from on other TaskManagers (null: the job's in-process exchange). The
    /// TaskExecutor builds the task's network channels from it with its own network environment.
    /// </summary>
    public Network.ShuffleDeploymentDescriptor? ShuffleDescriptor { get; init; }

    /// <summary>The task takes its channels from <paramref name="shuffle"/> (the TaskExecutor's network channels for it).</summary>
    internal void UseShuffle(ITaskShuffle shuffle) => Resources = Resources with { Shuffle = shuffle };

    internal ITaskStateListener Listener { get; }

    /// <summary>The checkpointed state this attempt starts from (null: a fresh start).</summary>
    public Checkpointing.JobManagerTaskRestore? TaskRestore { get; }
}
