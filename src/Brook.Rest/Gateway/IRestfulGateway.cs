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

    /// <summary>A consistent snapshot of a running or finished job; null when the Dispatcher does not know the job.</summary>
    ExecutionGraphInfo? RequestExecutionGraph(JobId jobId);

    /// <summary>Asks the job to cancel; the answer says whether the job was known and still running.</summary>
    JobCancellationResult CancelJob(JobId jobId);

    /// <summary>
    /// Triggers a checkpoint of the job under the key, once per key (Flink's RestfulGateway.triggerCheckpoint). A
    /// regular checkpoint answers FULL, CONFIGURED and INCREMENTAL alike: Brook's heap state backend takes full
    /// snapshots, as Flink's hashmap backend does for each of them.
    /// </summary>
    void TriggerCheckpoint(Async.AsynchronousJobOperationKey key);

    /// <summary>The checkpoint trigger's state (the checkpoint id once completed); null for an unknown or expired key.</summary>
    Async.OperationResult<long>? RequestCheckpointTriggerStatus(Async.AsynchronousJobOperationKey key);

    /// <summary>Records that the job's client is alive until <paramref name="expiredTimestamp"/>; false for an unknown job.</summary>
    bool ReportJobClientHeartbeat(JobId jobId, long expiredTimestamp);

    /// <summary>The REST endpoint's base URL (e.g. http://localhost:8081), known once the endpoint listens.</summary>
    string RestAddress { get; }

    /// <summary>The jar store and program runner behind /jars.</summary>
    IJarGateway Jars { get; }

    /// <summary>Thread dumps, stack samples for flame graphs, and the TaskManagers' log files.</summary>
    IDiagnosticsGateway Diagnostics { get; }

    /// <summary>Memory and garbage collection of this process, where the TaskManagers of a local cluster run.</summary>
    ProcessMetricsSnapshot RequestProcessMetrics();

    /// <summary>Starts a graceful shutdown of the whole cluster; the REST response is sent before the endpoint stops.</summary>
    void ShutDownCluster();
}
