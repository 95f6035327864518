using Brook.Core.Ids;
using Brook.Rest.Gateway;
using Brook.Runtime.ResourceManager;

namespace Brook.Cluster.JobManager;

/// <summary>The REST handlers' view of a cluster: snapshots from the ResourceManager and the Dispatcher.</summary>
internal sealed class LocalClusterGateway(
    ClusterInformation cluster,
    ResourceManager resourceManager,
    Dispatcher dispatcher,
    IJarGateway jars,
    Action shutDown) : IRestfulGateway
{
    public ClusterInformation Cluster { get; } = cluster;

    public IReadOnlyList<TaskManagerSnapshot> RequestTaskManagers() => resourceManager.Snapshot();

    public TaskManagerSnapshot? RequestTaskManager(ResourceId id) => resourceManager.Get(id);

    public IReadOnlyList<JobDetailsSnapshot> RequestJobs() => dispatcher.RequestJobs();

    public ExecutionGraphInfo? RequestExecutionGraph(JobId jobId) => dispatcher.RequestExecutionGraph(jobId);

    public JobCancellationResult CancelJob(JobId jobId) => dispatcher.CancelJob(jobId);

    public void TriggerCheckpoint(Brook.Rest.Async.AsynchronousJobOperationKey key) => dispatcher.TriggerCheckpoint(key);

    public Brook.Rest.Async.OperationResult<long>? RequestCheckpointTriggerStatus(Brook.Rest.Async.AsynchronousJobOperationKey key) =>
        dispatcher.RequestCheckpointTriggerStatus(key);

    public bool ReportJobClientHeartbeat(JobId jobId, long expiredTimestamp) => dispatcher.ReportJobClientHeartbeat(jobId, expiredTimestamp);

    public IJarGateway Jars { get; } = jars;

    public required IDiagnosticsGateway Diagnostics { get; init; }

    /// <summary>Set once the REST endpoint listens (its port is only known then).</summary>
    public string RestAddress { get; set; } = "";

    public ProcessMetricsSnapshot RequestProcessMetrics() => ProcessInformation.Metrics();

    public void ShutDownCluster() => shutDown();
}
