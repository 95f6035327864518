using Brook.Runtime.Network;
using Brook.Runtime.Network.Remote;
using Brook.Runtime.Tasks;

namespace Brook.Runtime.TaskExecutor;

public sealed partial class TaskExecutor
{
    /// <summary>
    /// This TaskManager's data plane (server on its data port, network buffers, in-memory channels between its own
    /// tasks); null for a TaskManager of an in-process cluster that exchanges through the job's in-process channels only.
    /// The TaskExecutor does not own it: whoever created it disposes it after the TaskExecutor.
    /// </summary>
    public NettyShuffleEnvironment? ShuffleEnvironment { get; init; }

    /// <summary>A task deployed with a shuffle descriptor takes network channels built here; they are released when it ends.</summary>
    private void BindNetworkShuffle(TaskDeploymentDescriptor descriptor, StreamTask task)
    {
        if (descriptor.ShuffleDescriptor is not { } shuffle) return;
        var environment = ShuffleEnvironment ?? throw new InvalidOperationException(
            $"Task {descriptor.TaskName} ({descriptor.AttemptId}) exchanges records with other TaskManagers, but TaskManager {Id} has no network environment.");
        // The job's in-process exchange, where there is one, still serves blocking edges (TaskManagers of one process).
        var network = new NetworkTaskShuffle(shuffle, environment, Id, descriptor.Resources.Shuffle, task.Metrics);
        descriptor.UseShuffle(network);
        task.Terminated += t => network.OnTaskEnded(t.FinalState);
    }
}
