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

    internal JobTaskResources Resources { get; }

    internal ITaskStateListener Listener { get; }

    /// <summary>The checkpointed state this attempt starts from (null: a fresh start).</summary>
    public Checkpointing.JobManagerTaskRestore? TaskRestore { get; }
}
