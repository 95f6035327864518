using Brook.Runtime.ExecutionGraph;
using Brook.Runtime.TaskExecutor;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.JobMaster;

/// <summary>
/// What the JobMaster decided under its lock and carries out after releasing it: cancellations, deployments and the
/// checkpoint coordinator's part in a failover (it calls back into the JobMaster, so it is never called under the lock).
/// </summary>
internal sealed class SchedulerActions
{
    /// <summary>Why pending checkpoints are aborted; null to leave them.</summary>
    public string? AbortCheckpoints { get; set; }

    /// <summary>False stops periodic checkpoints (tasks restart), true starts them again (the job runs again), null leaves them.</summary>
    public bool? CheckpointScheduler { get; set; }

    public List<Execution> ToCancel { get; } = [];

    /// <summary>Slots the job no longer needs (it was rescaled down), handed back to the ResourceManager.</summary>
    public List<ResourceManager.SlotId> SlotsToRelease { get; } = [];

    public List<(ITaskExecutorGateway TaskManager, TaskDeploymentDescriptor Descriptor)> ToDeploy { get; } = [];
}
