using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Runtime.ResourceManager;

namespace Brook.Cluster.JobManager;

/// <summary>The REST handlers' view of a cluster: snapshots from the ResourceManager and the Dispatcher.</summary>
internal sealed class LocalClusterGateway(
    ClusterInformation cluster,
    ResourceManager resourceManager,
    Dispatcher dispatcher,
    Action shutDown) : IRestfulGateway
{
    public ClusterInformation Cluster { get; } = cluster;

    public IReadOnlyList<TaskManagerSnapshot> RequestTaskManagers() => resourceManager.Snapshot();

    public TaskManagerSnapshot? RequestTaskManager(ResourceId id) => resourceManager.Get(id);

    public IReadOnlyList<JobDetailsSnapshot> RequestJobs() => dispatcher.RequestJobs();

    public ProcessMetricsSnapshot RequestProcessMetrics() => ProcessInformation.Metrics();

    public void ShutDownCluster() => shutDown();
}
