using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.JobMaster;

/// <summary>What the JobMaster decided under its lock and carries out after releasing it: cancellations and deployments.</summary>
internal sealed class SchedulerActions
{
    public List<Execution> ToCancel { get; } = [];

    public List<(ITaskExecutorGateway TaskManager, TaskDeploymentDescriptor Descriptor)> ToDeploy { get; } = [];
}
