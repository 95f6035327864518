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

    /// <summary>The default savepoint directory (execution.checkpointing.savepoint-dir, alias state.savepoints.dir); null when unset.</summary>
    string? DefaultSavepointDirectory { get; }

    /// <summary>
    /// Takes a savepoint of the job under the key, once per key (Flink's RestfulGateway.triggerSavepoint); an unknown or
    /// finished job shows up as a completed operation with its failure, as in Flink.
    /// </summary>
    void TriggerSavepoint(Async.AsynchronousJobOperationKey key, string targetDirectory, bool cancelJob, Runtime.Checkpointing.SavepointFormatType format);

    /// <summary>Stops the job with a savepoint under the key, once per key (Flink's RestfulGateway.stopWithSavepoint).</summary>
    void StopWithSavepoint(Async.AsynchronousJobOperationKey key, string targetDirectory, bool drain, Runtime.Checkpointing.SavepointFormatType format);

    /// <summary>A savepoint or stop-with-savepoint operation's state (the savepoint's location once completed); null for an unknown or expired key.</summary>
    Async.OperationResult<string>? RequestSavepointStatus(Async.AsynchronousJobOperationKey key);

    /// <summary>Disposes of the savepoint at <paramref name="savepointPath"/> under the key (Flink's RestfulGateway.disposeSavepoint).</summary>
    void DisposeSavepoint(Async.OperationKey key, string savepointPath);

    /// <summary>A disposal's state (the disposed directory once completed); null for an unknown or expired key.</summary>
    Async.OperationResult<string>? RequestSavepointDisposalStatus(Async.OperationKey key);

    /// <summary>The cluster data sets (cached intermediate results) the ResourceManager tracks (Flink's listDataSets).</summary>
    IReadOnlyDictionary<IntermediateDataSetId, Runtime.Partitions.DataSetMetaInfo> RequestClusterDataSets();

    /// <summary>Releases a cluster data set under the key (Flink's releaseClusterPartitions); an unknown data set completes at once.</summary>
    void ReleaseClusterDataSet(Async.OperationKey key, IntermediateDataSetId dataSet);

    /// <summary>A data set release's state; null for an unknown or expired key.</summary>
    Async.OperationResult<bool>? RequestClusterDataSetDeleteStatus(Async.OperationKey key);
    /// <summary>
    /// Starts rescaling the running job to <paramref name="parallelism"/> (PATCH /jobs/:jobid/rescaling): checkpoint,
    /// redeploy at the new parallelism (each vertex capped by its max parallelism), restore. The trigger id of the
    /// asynchronous operation, or null when the Dispatcher does not know the job.
    /// </summary>
    TriggerId? TriggerRescaling(JobId jobId, int parallelism);

    /// <summary>The rescale's state; null for an unknown or expired trigger.</summary>
    Async.OperationResult<bool>? RequestRescalingStatus(Async.AsynchronousJobOperationKey key);

    /// <summary>
    /// The job's per-vertex parallelism bounds (Flink's requestJobResourceRequirements). Throws
    /// <see cref="Handlers.FlinkJobNotFoundException"/> for a job that does not run and NotSupportedException under the
    /// default scheduler.
    /// </summary>
    Runtime.JobGraph.JobResourceRequirements RequestJobResourceRequirements(JobId jobId);

    /// <summary>Replaces the job's resource requirements (already validated); the adaptive scheduler rescales the job into them.</summary>
    void UpdateJobResourceRequirements(JobId jobId, Runtime.JobGraph.JobResourceRequirements requirements);

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

    /// <summary>Every metric of the cluster's processes at this moment (what Flink's MetricFetcher queries from the MetricQueryServices).</summary>
    IReadOnlyList<Brook.Runtime.Metrics.MetricDump> RequestMetricDump() => [];

    /// <summary>metrics.fetcher.update-interval: how often metric requests refresh the REST endpoint's MetricStore.</summary>
    TimeSpan MetricFetcherUpdateInterval => TimeSpan.FromSeconds(10);

    /// <summary>Starts a graceful shutdown of the whole cluster; the REST response is sent before the endpoint stops.</summary>
    void ShutDownCluster();
}
