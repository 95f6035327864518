using TaskExecutorType = Brook.Runtime.TaskExecutor.TaskExecutor;

namespace Brook.Cluster.TaskManager;

/// <summary>
/// The parts of a TaskManager process that run tasks, for its RPC services. They are created once the RPC endpoint listens
/// (the TaskExecutor's address names its port); until then the deployment service answers UNAVAILABLE.
/// </summary>
internal sealed class TaskManagerTaskServices
{
    public TaskExecutorType? TaskExecutor { get; set; }

    public JobMasterConnection? JobMaster { get; set; }

    public IJobGraphSource? JobGraphs { get; set; }

    public TaskDeployments? Deployments { get; set; }
}
