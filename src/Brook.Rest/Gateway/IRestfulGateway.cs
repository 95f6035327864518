using Brook.Core.Ids;
using Brook.Runtime.ResourceManager;

namespace Brook.Rest.Gateway;

/// <summary>
/// What REST handlers may ask the cluster (Flink's RestfulGateway). Every answer is an immutable snapshot;
/// handlers never hold live runtime objects.
/// </summary>
public interface IRestfulGateway
{
    /// <summary>Facts fixed for the life of the cluster: versions, configuration, process environment, logs.</summary>
    ClusterInformation Cluster { get; }

    IReadOnlyList<TaskManagerSnapshot> RequestTaskManagers();

    TaskManagerSnapshot? RequestTaskManager(ResourceId id);

    /// <summary>The Dispatcher's running and finished jobs.</summary>
    IReadOnlyList<JobDetailsSnapshot> RequestJobs();

    /// <summary>Memory and garbage collection of this process, where the TaskManagers of a local cluster run.</summary>
    ProcessMetricsSnapshot RequestProcessMetrics();

    /// <summary>Starts a graceful shutdown of the whole cluster; the REST response is sent before the endpoint stops.</summary>
    void ShutDownCluster();
}
